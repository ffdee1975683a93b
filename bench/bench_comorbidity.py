# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark (#19): Charlson (Quan ICD-10) flags of 1,000,000 people from
10,000,000 codes, libvalue's value_comorbidity_flags against pandas (merge
on each prefix length + groupby, the way an analyst writes it), side by
side in one run, results checked to agree; and against the machine's
floor, one pass over the same code bytes (numpy summing them as integers).
The codes are drawn from 5,000 distinct ones (half extend a listed prefix,
half are other ICD-10 codes; half written with the dot, some in lower
case).  Times are best of REPS; the C call is timed alone (its string
array is built once beforehand) and with the binding's conversion.
Run: make bench, or
  LIBVALUE_LIBRARY=build/lib/.libs/libvalue.so.0 PYTHONPATH=bindings/python python3 bench/bench_comorbidity.py
"""
import ctypes
import os
import sys
import time

import numpy as np
import pandas as pd

from libvalue import _lowlevel as ll

N_PEOPLE, N_CODES, REPS = 1_000_000, 10_000_000, 3
HERE = os.path.dirname(os.path.abspath(__file__))
MAPS = os.path.join(HERE, "..", "lib", "risk", "data", "comorbidity_maps.tsv")


def pool(rng: np.random.Generator, prefixes: list) -> list:
    out = []
    alnum = list("0123456789") + list("ABXZ")
    for k in range(5000):
        if k % 2 == 0:
            code = prefixes[rng.integers(len(prefixes))]
        else:
            code = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[rng.integers(26)] + str(rng.integers(10, 100))
        while len(code) < 3 or (len(code) < 6 and rng.random() < 0.6):
            code += alnum[rng.integers(len(alnum))]
        if len(code) > 3 and rng.random() < 0.5:
            code = code[:3] + "." + code[3:]
        if rng.random() < 0.1:
            code = code.lower()
        out.append(code)
    return out


def c_strings(codes: np.ndarray) -> tuple:
    """A char ** over one NUL-separated buffer of the codes (no per-string Python objects)."""
    b = np.char.encode(codes.astype(str), "ascii")
    width = b.dtype.itemsize + 1
    buf = np.zeros((len(b), width), dtype=np.uint8)
    buf[:, :width - 1] = b.view(np.uint8).reshape(len(b), width - 1)
    ptrs = buf.ctypes.data + width * np.arange(len(b), dtype=np.uint64)
    return buf, ptrs, ptrs.ctypes.data_as(ctypes.POINTER(ctypes.c_char_p))


def pandas_flags(maps: pd.DataFrame, person: np.ndarray, codes: np.ndarray, conditions: list) -> np.ndarray:
    d = pd.DataFrame({"person": person, "code": codes})
    d["code"] = d.code.str.replace(".", "", regex=False).str.upper()
    hits = []
    for length, g in maps.groupby(maps.code_prefix.str.len()):
        k = d.assign(p=d.code.str[:length])
        hits.append(k.merge(g, left_on="p", right_on="code_prefix")[["person", "condition"]])
    h = pd.concat(hits).drop_duplicates()
    f = pd.crosstab(h.person, h.condition).clip(upper=1)
    return f.reindex(index=range(N_PEOPLE), columns=conditions, fill_value=0).to_numpy()


def main() -> None:
    rng = np.random.default_rng(19)
    maps = pd.read_csv(MAPS, sep="\t", comment="#", dtype=str)
    maps = maps[maps.algorithm == "charlson_icd10_quan"]
    p = np.array(pool(rng, sorted(set(maps.code_prefix))))
    codes = p[rng.integers(len(p), size=N_CODES)]
    person = np.sort(rng.integers(N_PEOPLE, size=N_CODES)).astype(np.int32)
    c = ll.value_comorbidity_new("charlson_icd10_quan")
    nc = ll.value_comorbidity_condition_count(c)
    conditions = [ll.value_comorbidity_condition(c, k)[0] for k in range(nc)]
    buf, ptrs, cptr = c_strings(codes)
    out = np.empty(N_PEOPLE * nc)
    status = np.empty(N_CODES, dtype=np.int32)
    inv = ctypes.c_size_t()
    pp = person.ctypes.data_as(ctypes.POINTER(ctypes.c_int32))
    op = out.ctypes.data_as(ctypes.POINTER(ctypes.c_double))
    sp = status.ctypes.data_as(ctypes.POINTER(ctypes.c_int32))

    t_c, t_pd, t_floor = [], [], []
    want = None
    for _ in range(REPS):
        t0 = time.perf_counter()
        rc = ll.lib.value_comorbidity_flags(c.ptr, pp, cptr, N_CODES, N_PEOPLE, 0, op, out.size, sp, N_CODES,
                                            ctypes.byref(inv))
        t_c.append(time.perf_counter() - t0)
        assert rc == 0, ll.lib.value_errmsg()
        t0 = time.perf_counter()
        s = int(buf.view(np.uint64).sum()) if buf.nbytes % 8 == 0 else int(buf.sum())
        t_floor.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        want = pandas_flags(maps, person, codes, conditions)
        t_pd.append(time.perf_counter() - t0)
    assert (out.reshape(N_PEOPLE, nc) == want).all(), "libvalue and pandas disagree"
    assert inv.value == 0
    # the same call through the binding's own conversion (a Python list of str)
    lst = codes.tolist()
    t0 = time.perf_counter()
    ll.value_comorbidity_flags(c, person, lst, N_PEOPLE, 0, out.size, N_CODES)
    t_bind = time.perf_counter() - t0
    c_best, pd_best, fl_best = min(t_c), min(t_pd), min(t_floor)
    print("bench_comorbidity: Charlson (Quan ICD-10), %d codes of %d people, best of %d (checksum %d)"
          % (N_CODES, N_PEOPLE, REPS, s & 0xFF))
    print("  libvalue C call   %8.3f s  %6.1f M codes/s  (%.1f ns a code)"
          % (c_best, N_CODES / c_best / 1e6, 1e9 * c_best / N_CODES))
    print("  pandas            %8.3f s  -> libvalue %.0fx faster" % (pd_best, pd_best / c_best))
    print("  one read of the %d MB of code bytes %7.3f s  -> libvalue %.1fx that floor"
          % (buf.nbytes // 1000000, fl_best, c_best / fl_best))
    print("  through the Python binding from a list of str: %.3f s (conversion included)" % t_bind)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
