# SPDX-License-Identifier: GPL-3.0-or-later
"""CMS-HCC risk scores from diagnosis codes, versions 24 and 28 (C:
lib/risk/hcc.c, hcc_explain.c), and Medicare Advantage payment scores by
payment year (lib/programs/ma.c).  People and codes come in as tables
(pandas DataFrames, mappings of columns or lists of rows) keyed by any
person identifier; results come out with .to_frame()."""

from typing import Any, List, Mapping, Optional, Sequence

from .. import _lowlevel as _ll
from .._support import ArrayLike, HandleOwner, InvalidArgumentError, Rows, choice, record, vector

__all__ = ["HCC", "HCCScores", "ExplanationLine", "ma_risk_score"]

HCCScores = record("HCCScores", "person score invalid_codes",
                   "Raw scores per person (in the people table's order) and the code rows that were not "
                   "well-formed ICD-10-CM (positions in the codes table; not in .to_frame()).",
                   index="person", skip=("invalid_codes",))

from collections import namedtuple  # noqa: E402

ExplanationLine = namedtuple("ExplanationLine", "step item code text factor")

_SEGMENTS = _ll.value_hcc_segment
_SEX = {"m": _ll.VALUE_HCC_MALE, "male": _ll.VALUE_HCC_MALE, "1": _ll.VALUE_HCC_MALE,
        "f": _ll.VALUE_HCC_FEMALE, "female": _ll.VALUE_HCC_FEMALE, "2": _ll.VALUE_HCC_FEMALE}


def _column(table: Any, name: str, what: str) -> List[Any]:
    """Column `name` of a DataFrame or a mapping of columns, as a list."""
    if hasattr(table, "columns") and hasattr(table, "to_numpy"):
        if name not in table.columns:
            raise InvalidArgumentError(_ll.VALUE_EINVAL, "%s has no column %r (columns: %s)"
                                       % (what, name, ", ".join(map(str, table.columns))))
        col = table[name]
        return col.tolist() if hasattr(col, "tolist") else list(col)
    if isinstance(table, Mapping):
        if name not in table:
            raise InvalidArgumentError(_ll.VALUE_EINVAL, "%s has no column %r (columns: %s)"
                                       % (what, name, ", ".join(map(str, table))))
        col = table[name]
        return col.tolist() if hasattr(col, "tolist") else list(col)
    raise InvalidArgumentError(_ll.VALUE_EINVAL, "%s must be a DataFrame or a mapping of columns, got %s"
                               % (what, type(table).__name__))


def _texts(values: List[Any]) -> List[str]:
    """Identifiers or codes as str (the C side matches them as text); a
    column that is all str already is passed on as it is."""
    return values if all(type(v) is str for v in values) else [str(v) for v in values]


def _segment(v: object) -> int:
    return v if isinstance(v, int) else choice(_SEGMENTS, str(v).lower(), "segment")


def _sex(v: object) -> int:
    if isinstance(v, int):
        return v
    key = str(v).strip().lower()
    if key not in _SEX:
        raise InvalidArgumentError(_ll.VALUE_EINVAL, "sex %r is not M/F (or 1/2)" % (v,))
    return _SEX[key]


class HCC(HandleOwner):
    """A CMS-HCC model version, "V24" (the 2020 model) or "V28" (the 2024 model).

    >>> m = HCC("V28")
    >>> people = {"person": ["a", "b"], "segment": ["CNA", "CNA"], "age": [72, 80],
    ...           "sex": ["F", "M"], "orec": [0, 0]}
    >>> codes = {"person": ["a", "a"], "code": ["E11.22", "I50.22"]}
    >>> r = m.score(people, codes)
    >>> [round(s, 3) for s in r.score]  # a: F70_74 0.395 + HCC37 0.166 + HCC226 0.360 + DIABETES_HF 0.112; b: M80_84
    [1.033, 0.571]
    """

    def __init__(self, version: str = "V28") -> None:
        self._h = _ll.value_hcc_new(version)
        self.version = version

    def __repr__(self) -> str:
        return "HCC(%r: %d payment HCCs)" % (self.version, len(self.hccs))

    @property
    def hccs(self) -> List[str]:
        """The payment HCCs' variable names ("HCC37", ...).

        >>> HCC("V24").hccs[:3]
        ['HCC1', 'HCC2', 'HCC6']
        """
        return [_ll.value_hcc_hcc(self._h, i)[0] for i in range(_ll.value_hcc_hcc_count(self._h))]

    def factor(self, segment: object, variable: str) -> float:
        """A published relative factor.

        >>> HCC("V28").factor("CNA", "HCC37")
        0.166
        """
        return float(_ll.value_hcc_factor(self._h, _segment(segment), variable))

    def score(self, people: Any, codes: Any, person: str = "person", code: str = "code",
              medicaid: Optional[str] = "medicaid") -> Any:
        """Raw scores of the people table's rows (columns person, segment,
        age, sex, orec and optionally medicaid) from a long codes table
        (columns person, code).  Invalid codes are skipped and listed.

        >>> r = HCC("V28").score({"person": [1], "segment": ["CND"], "age": [50], "sex": [2], "orec": [1]},
        ...                      {"person": [1, 1], "code": ["bad!", "E1122"]})
        >>> r.invalid_codes
        [0]
        """
        ids = _texts(_column(people, person, "people"))
        keys = _ll.value_keys_new(ids, 1, len(ids))[1]
        try:
            cids = _texts(_column(codes, person, "codes"))
            index = _ll.value_keys_find(keys, cids, len(cids))
        finally:
            keys.close()
        seg = [_segment(v) for v in _column(people, "segment", "people")]
        age = _column(people, "age", "people")
        sex = [_sex(v) for v in _column(people, "sex", "people")]
        orec = _column(people, "orec", "people")
        has_md = medicaid is not None and (medicaid in getattr(people, "columns", people))
        md = _column(people, medicaid, "people") if has_md and medicaid is not None else None
        code_list = _texts(_column(codes, code, "codes"))
        scores, status, _ = _ll.value_hcc_score(self._h, seg, age, sex, orec, md, index, code_list, len(ids),
                                                len(code_list))
        bad = [i for i, s in enumerate(status) if s == _ll.VALUE_HCC_CODE_INVALID]
        return HCCScores(ids, vector(scores), bad)

    def explain(self, segment: object, age: int, sex: object, orec: int, codes: Sequence[str],
                medicaid: int = 0) -> Rows:
        """One person's score line by line (.to_frame() for a DataFrame).

        >>> lines = HCC("V28").explain("CNA", 72, "F", 0, ["E1122", "I5022"])
        >>> lines[-1].step, round(lines[-1].factor, 3)
        ('score', 1.033)
        """
        e = _ll.value_hcc_explain(self._h, _segment(segment), int(age), _sex(sex), int(orec), int(medicaid),
                                  [str(c) for c in codes])
        try:
            return Rows(ExplanationLine(*_ll.value_hcc_explanation_line(e, i))
                        for i in range(_ll.value_hcc_explanation_line_count(e)))
        finally:
            e.close()


def ma_risk_score(payment_year: int, raw_v28: ArrayLike, raw_v24: Optional[ArrayLike] = None) -> Any:
    """Payment risk scores: each model's raw score over its normalization
    factor, blended in the year's shares, less the MA coding adjustment.

    >>> [round(s, 6) for s in ma_risk_score(2026, [1.067, 2.134])]  # 1 and 2 times (1 - 0.059)
    [0.941, 1.882]
    """
    return vector(_ll.value_ma_risk_score(payment_year, raw_v28, raw_v24, len(raw_v28)))
