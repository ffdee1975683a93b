#!/usr/bin/python3
"""Write lib/risk/data/hcc_* from CMS's SAS software (reference folder).
One-time conversion; every rule line cites FILE:LINE of the SAS text.
usage: mktables.py SASDIR OUTDIR"""
import re, sys
src, out = sys.argv[1], sys.argv[2]

def lines(f):
    return open(f"{src}/{f}", encoding="latin-1").read().split("\n")

def write_rules(ver, labf, hierf, editf, mainf, edits, groups, inters, regs, patch):
    o = [f"# CMS-HCC {ver}: payment HCCs, hierarchies, edits, interactions.",
         "# Converted from CMS's SAS software (US government work, public domain,",
         "# as kept in the hccpy project); each line cites FILE:LINE.",
         "# hcc N LABEL | hier CC DROPPED... | patch CC NEEDS... | edit COND ACTION CODES...",
         "# group NAME HCC... | inter NAME TERM TERM COEFNAME | reg KIND COUNTS? INTER..."]
    for i, l in enumerate(lines(labf), 1):
        m = re.match(r'\s*HCC(\d+)\s*="(.*?)\s*"', l)
        if m:
            o.append(f"hcc {m[1]} {m[2]}\t@{labf}:{i}")
    if patch:
        n = [i for i, t in enumerate(lines(mainf), 1) if "IF CC223 = 1" in t][0]
        o.append(patch.split("\t")[0] + f"\t@{mainf}:{n}")
    H = lines(hierf)
    i = 0
    while i < len(H):
        m = re.search(r'%SET0\(CC=(\d+)\s*,\s*HIER=%STR\(', H[i])
        if m:
            txt, j = H[i][m.end():], i
            while '))' not in txt:
                j += 1
                txt += H[j]
            cc = m[1]
            drops = re.findall(r'\d+', txt.split('))')[0])
            o.append(f"hier {cc} {' '.join(drops)}\t@{hierf}:{i+1}")
            i = j
        i += 1
    o += edits + [cite(mainf, l) for l in groups + inters + regs]
    open(f"{out}/hcc_{ver.lower()}_rules.txt", "w").write("\n".join(o) + "\n")

def cite(f, l):
    """Replace the :N placeholder by the line of f that defines the rule's name."""
    body, _ = l.split("\t@")
    w = body.split()
    pat = {"group": rf"^\s*{w[1]}\s*=", "inter": rf"^\s*{w[1]}\s*=",
           "reg": {"aged": r"%LET COMM_REGA", "disabled": r"%LET COMM_REGD",
                   "institutional": r"%LET INST_REG"}.get(w[1], "")}[w[0]]
    if w[0] == "reg":  # the interaction list the regression names
        pat = {"aged": r"%LET INTERRACC_VARSA", "disabled": r"%LET INTERRACC_VARSD",
               "institutional": r"%LET INTERRACI_VARS"}[w[1]]
    for i, t in enumerate(lines(f), 1):
        if re.search(pat, t, re.I):
            return f"{body}\t@{f}:{i}"
    raise SystemExit(f"no line for {body}")

def edit_lines(editf, specs):
    E = "\n".join(lines(editf))
    res = []
    for (start, cond, action) in specs:
        L = lines(editf)
        j = start - 1
        txt = ""
        while True:
            txt += L[j]
            if "THEN" in L[j]:
                break
            j += 1
        codes = re.findall(r'"([A-Z][0-9A-Z]+)"', txt.split("THEN")[0])
        res.append(f"edit {cond} {action} {' '.join(codes)}\t@{editf}:{start}")
    return res

def copy_table(fin, fout, what):
    body = open(f"{src}/{fin}", encoding="latin-1").read()
    head = (f"# {what}: CMS's {fin}, as kept in the hccpy project (US government\n"
            f"# work, public domain); content unchanged below this comment.\n")
    open(f"{out}/{fout}", "w").write(head + body.replace("\r", ""))

# V28
copy_table("F2824T1N.TXT", "hcc_v28_map.tsv", "ICD-10-CM -> V28 CC (code, CC, 'D' on a code's second CC)")
copy_table("V28hcccoefn.csv", "hcc_v28_coef.csv", "V28 relative factors (SEGMENT_VARIABLE names, one line of values)")
copy_table("F2422P1M.TXT", "hcc_v24_map.tsv", "ICD-10-CM -> V24 CC (code, CC, 'D' on a code's second CC)")
copy_table("V24hcccoefn.csv", "hcc_v24_coef.csv", "V24 relative factors (SEGMENT_VARIABLE names, one line of values)")

M = "V2823T2M.TXT"
write_rules("V28", "V28115L3.TXT", "V28115H1.TXT", "V28I0ED1.TXT", M,
    edit_lines("V28I0ED1.TXT", [(35, "sex=2", "cc=112"), (37, "age<18", "invalid"),
                                (42, "age<50", "cc=22"), (58, "age>=2", "invalid")]),
    [f"group CANCER_V28 17 18 19 20 21 22 23\t@{M}:424",
     f"group DIABETES_V28 35 36 37 38\t@{M}:425",
     f"group CARD_RESP_FAIL 211 212 213\t@{M}:426",
     f"group HF_V28 221 222 223 224 225 226\t@{M}:427",
     f"group CHR_LUNG_V28 276 277 278 279 280\t@{M}:428",
     f"group KIDNEY_V28 326 327 328 329\t@{M}:429",
     f"group SEPSIS 2\t@{M}:430",
     f"group gSubUseDisorder_V28 135 136 137 138 139\t@{M}:431",
     f"group gPsychiatric_V28 151 152 153 154 155\t@{M}:432",
     f"group NEURO_V28 180 181 182 190 191 192 195 196 198 199\t@{M}:433",
     f"group ULCER_V28 379 380 381 382\t@{M}:434"],
    [f"inter DIABETES_HF_V28 DIABETES_V28 HF_V28 DIABETES_HF\t@{M}:437",
     f"inter HF_CHR_LUNG_V28 HF_V28 CHR_LUNG_V28 HF_CHR_LUNG\t@{M}:438",
     f"inter HF_KIDNEY_V28 HF_V28 KIDNEY_V28 HF_KIDNEY\t@{M}:439",
     f"inter CHR_LUNG_CARD_RESP_FAIL_V28 CHR_LUNG_V28 CARD_RESP_FAIL CHR_LUNG_CARD_RESP_FAIL\t@{M}:440",
     f"inter HF_HCC238_V28 HF_V28 HCC238 HF_HCC238\t@{M}:441",
     f"inter gSubUseDisorder_gPsych_V28 gSubUseDisorder_V28 gPsychiatric_V28 gSubUseDisorder_gPsych\t@{M}:442",
     f"inter DISABLED_CANCER_V28 DISABL CANCER_V28 DISABLED_CANCER\t@{M}:445",
     f"inter DISABLED_NEURO_V28 DISABL NEURO_V28 DISABLED_NEURO\t@{M}:446",
     f"inter DISABLED_HF_V28 DISABL HF_V28 DISABLED_HF\t@{M}:447",
     f"inter DISABLED_CHR_LUNG_V28 DISABL CHR_LUNG_V28 DISABLED_CHR_LUNG\t@{M}:448",
     f"inter DISABLED_ULCER_V28 DISABL ULCER_V28 DISABLED_ULCER\t@{M}:449"],
    [f"reg aged counts DIABETES_HF_V28 HF_CHR_LUNG_V28 HF_KIDNEY_V28 CHR_LUNG_CARD_RESP_FAIL_V28 HF_HCC238_V28\t@{M}:120",
     f"reg disabled counts DIABETES_HF_V28 HF_CHR_LUNG_V28 HF_KIDNEY_V28 CHR_LUNG_CARD_RESP_FAIL_V28 HF_HCC238_V28 gSubUseDisorder_gPsych_V28\t@{M}:128",
     f"reg institutional counts DIABETES_HF_V28 HF_CHR_LUNG_V28 HF_KIDNEY_V28 CHR_LUNG_CARD_RESP_FAIL_V28 DISABLED_CANCER_V28 DISABLED_NEURO_V28 DISABLED_HF_V28 DISABLED_CHR_LUNG_V28 DISABLED_ULCER_V28\t@{M}:160"],
    f"patch 223 221 222 224 225 226\t@{M}:409")

M = "V2419P1M.TXT"
write_rules("V24", "V24H86L1.TXT", "V24H86H1.TXT", "V24I0ED1.TXT", M,
    edit_lines("V24I0ED1.TXT", [(35, "sex=2", "cc=48"), (37, "age<18", "cc=112"),
                                (42, "age<6|age>18", "invalid")]),
    [f"group CANCER 8 9 10 11 12\t@{M}:415", f"group DIABETES 17 18 19\t@{M}:416",
     f"group CARD_RESP_FAIL 82 83 84\t@{M}:417", f"group CHF 85\t@{M}:418",
     f"group gCopdCF 110 111 112\t@{M}:419", f"group RENAL_V24 134 135 136 137 138\t@{M}:420",
     f"group SEPSIS 2\t@{M}:421", f"group gSubstanceUseDisorder_V24 54 55 56\t@{M}:422",
     f"group gPsychiatric_V24 57 58 59 60\t@{M}:423", f"group PRESSURE_ULCER 157 158 159\t@{M}:433"],
    [f"inter HCC47_gCancer HCC47 CANCER HCC47_gCancer\t@{M}:425",
     f"inter DIABETES_CHF DIABETES CHF DIABETES_CHF\t@{M}:426",
     f"inter CHF_gCopdCF CHF gCopdCF CHF_gCopdCF\t@{M}:427",
     f"inter HCC85_gRenal_V24 HCC85 RENAL_V24 HCC85_gRenal_V24\t@{M}:428",
     f"inter gCopdCF_CARD_RESP_FAIL gCopdCF CARD_RESP_FAIL gCopdCF_CARD_RESP_FAIL\t@{M}:429",
     f"inter HCC85_HCC96 HCC85 HCC96 HCC85_HCC96\t@{M}:430",
     f"inter gSubstanceUseDisorder_gPsych gSubstanceUseDisorder_V24 gPsychiatric_V24 gSubstanceUseDisorder_gPsych\t@{M}:431",
     f"inter SEPSIS_PRESSURE_ULCER SEPSIS PRESSURE_ULCER SEPSIS_PRESSURE_ULCER\t@{M}:434",
     f"inter SEPSIS_ARTIF_OPENINGS SEPSIS HCC188 SEPSIS_ARTIF_OPENINGS\t@{M}:435",
     f"inter ART_OPENINGS_PRESS_ULCER HCC188 PRESSURE_ULCER ART_OPENINGS_PRESS_ULCER\t@{M}:436",
     f"inter gCopdCF_ASP_SPEC_B_PNEUM gCopdCF HCC114 gCopdCF_ASP_SPEC_B_PNEUM\t@{M}:437",
     f"inter ASP_SPEC_B_PNEUM_PRES_ULC HCC114 PRESSURE_ULCER ASP_SPEC_B_PNEUM_PRES_ULC\t@{M}:438",
     f"inter SEPSIS_ASP_SPEC_BACT_PNEUM SEPSIS HCC114 SEPSIS_ASP_SPEC_BACT_PNEUM\t@{M}:439",
     f"inter SCHIZOPHRENIA_gCopdCF HCC57 gCopdCF SCHIZOPHRENIA_gCopdCF\t@{M}:440",
     f"inter SCHIZOPHRENIA_CHF HCC57 CHF SCHIZOPHRENIA_CHF\t@{M}:441",
     f"inter SCHIZOPHRENIA_SEIZURES HCC57 HCC79 SCHIZOPHRENIA_SEIZURES\t@{M}:442",
     f"inter DISABLED_HCC85 DISABL HCC85 DISABLED_HCC85\t@{M}:443",
     f"inter DISABLED_PRESSURE_ULCER DISABL PRESSURE_ULCER DISABLED_PRESSURE_ULCER\t@{M}:444",
     f"inter DISABLED_HCC161 DISABL HCC161 DISABLED_HCC161\t@{M}:445",
     f"inter DISABLED_HCC39 DISABL HCC39 DISABLED_HCC39\t@{M}:446",
     f"inter DISABLED_HCC77 DISABL HCC77 DISABLED_HCC77\t@{M}:447",
     f"inter DISABLED_HCC6 DISABL HCC6 DISABLED_HCC6\t@{M}:448"],
    [f"reg aged counts HCC47_gCancer DIABETES_CHF CHF_gCopdCF HCC85_gRenal_V24 gCopdCF_CARD_RESP_FAIL HCC85_HCC96\t@{M}:136",
     f"reg disabled counts HCC47_gCancer DIABETES_CHF CHF_gCopdCF HCC85_gRenal_V24 gCopdCF_CARD_RESP_FAIL HCC85_HCC96 gSubstanceUseDisorder_gPsych\t@{M}:144",
     f"reg institutional nocounts DISABLED_HCC85 DISABLED_PRESSURE_ULCER DISABLED_HCC161 DISABLED_HCC39 DISABLED_HCC77 DISABLED_HCC6 CHF_gCopdCF gCopdCF_CARD_RESP_FAIL SEPSIS_PRESSURE_ULCER SEPSIS_ARTIF_OPENINGS ART_OPENINGS_PRESS_ULCER DIABETES_CHF gCopdCF_ASP_SPEC_B_PNEUM ASP_SPEC_B_PNEUM_PRES_ULC SEPSIS_ASP_SPEC_BACT_PNEUM SCHIZOPHRENIA_gCopdCF SCHIZOPHRENIA_CHF SCHIZOPHRENIA_SEIZURES\t@{M}:178"],
    None)
