#!/bin/sh
# Error messages keep the index grammar (docs/design.md, "Messages"): in C an
# index counts from 0 and appears only as name[i], as a position word and its
# number ("row 3", "column 2", "draw 4", ...), or out of range as
# "<name> is <v>, not in [0, <n>)".  The bindings rewrite exactly these forms
# (R adds 1), so any other wording of an index in lib/'s format strings fails
# here: other range wordings, and numbers after words that are not position
# words (strategy, action, record, ...), which no binding would renumber.
. "$top_srcdir/tests/lib.sh"
need "$PYTHON" python3 python3
exec "$PYTHON" - "$top_srcdir" <<'PY'
import glob, os, re, sys
top = sys.argv[1]
INT = r"%(?:zu|d|ld|lld|u|jd|\" PRI[du](?:32|64) \")"
FORBIDDEN = [
    (r"\(0 to " + INT, "a range written '(0 to n)': use 'is v, not in [0, n)'"),
    (r"(?:must be|is|not) in \[0, " + INT + r"\]", "a closed index range: use 'not in [0, n)'"),
    (r"must be in \[0, " + INT, "'must be in [0, n)': use 'is v, not in [0, n)'"),
    (r"must be less than", "'must be less than': use 'is v, not in [0, n)'"),
    (INT + r" is out of range", "'is out of range': use 'is v, not in [0, n)'"),
    (r"is " + INT + r", but ", "'but the model has n ...': use 'is v, not in [0, n) (the model has n ...)'"),
    (r"every \w+ in \[0,", "a range of indices in words: say how many there are"),
    (r"\b(?:strategy|action|record|element|step|service|patient|observation|simulation|entry|"
     r"measure|plan|episode|beneficiary|lambda|term|code) " + INT,
     "an index after a word that is not a position word: use name[i] or one of row, column, draw, item, "
     "hospital, provider, contract, state, group, parameter, coefficient, line, person"),
    # the readers of text files count lines from 1: not the position word 'line'
    (r"line " + INT, "a file's line number (counting from 1) as 'line N': write 'line number N'",
     ("lib/programs/cms.c", "lib/evaluation/eq5d.c", "lib/evaluation/model_file.c")),
    (r"\bitem %d", "a value_settlement_item as 'item N' (a position word): name the item"),
    (r"\bstate (?:%d%d|%\" PRId32)", "an EQ-5D state code after 'state' (a position word): write 'state is v' or quote it"),
]
# Only the format strings of messages: value__fail*(...) and the helpers that
# build message text (snprintf into a message buffer).
literal = re.compile(r'"(?:[^"\\\n]|\\.)*"')
bad = []
for path in sorted(glob.glob(os.path.join(top, "lib", "*", "*.c"))):
    rel = os.path.relpath(path, top)
    for no, line in enumerate(open(path, encoding="utf-8"), 1):
        if line.lstrip().startswith(("/*", "*", "//")):
            continue
        # from the first string literal to the last, with the PRI* macros between
        quoted = [m for m in literal.finditer(line)]
        text = line[quoted[0].start():quoted[-1].end()] if quoted else ""
        for pattern, why, *only in FORBIDDEN:
            if (not only or rel in only[0]) and re.search(pattern, text):
                bad.append("%s:%d: %s\n    %s" % (rel, no, why, line.strip()))
if bad:
    print("FAIL: error messages outside the index grammar (docs/design.md, Messages):")
    print("\n".join(bad))
    sys.exit(1)
# The gate itself: each pattern must catch its example.
examples = ['"to is %zu, but the model has %zu states (0 to %zu)"', '"group[%zu] is %d, must be in [0, %zu)"',
            '"i is %zu, must be less than the number of lines (%zu)"', '"strategy %zu overflows"',
            '"%s line %zu: bad"', '"settlement item %d overflows"', '"k is %zu, not in [0, %zu]"',
            '"item %zu is out of range"', '"state %" PRId32 " is not"', '"(every group in [0, %zu) must)"']
for e in examples:
    if not any(re.search(p, e) for p, *_ in FORBIDDEN):
        print("FAIL: the gate misses %s" % e)
        sys.exit(1)
print("ok: lib/'s messages keep the index grammar")
PY
