# SPDX-License-Identifier: GPL-3.0-or-later
"""Charlson and Elixhauser comorbidity flags and scores from diagnosis
codes (C: lib/risk/comorbidity.c).  Codes come in as a long table (person,
code: a pandas DataFrame, a mapping of columns or lists of rows) keyed by
any person identifier; flags and scores come out with .to_frame()."""

from collections import namedtuple
from typing import Any, List, Optional, Sequence

from .. import _lowlevel as _ll
from .._support import HandleOwner, LabeledRows, Rows, matrix, numpy_module, record, vector
from .hcc import _column, _texts

__all__ = ["Comorbidity", "ComorbidityFlags", "ComorbidityScores", "ComorbidityLine", "comorbidity_algorithms"]

ComorbidityLine = namedtuple("ComorbidityLine", "step item code text weight")

ComorbidityScores = record("ComorbidityScores", "person score invalid_codes",
                           "Weighted scores per person and the code rows that were not well-formed codes of the "
                           "algorithm's ICD version (positions in the codes table; not in .to_frame()).",
                           index="person", skip=("invalid_codes",))


def comorbidity_algorithms() -> List[str]:
    """The built-in algorithms' names.

    >>> comorbidity_algorithms()[:2]
    ['charlson_icd10_quan', 'charlson_icd9_quan']
    """
    return [_ll.value_comorbidity_algorithm(i) for i in range(_ll.value_comorbidity_algorithm_count())]


class ComorbidityFlags:
    """0/1 flags, one row per person (.person) and one column per condition
    (.conditions): .flags is a people x conditions matrix (numpy when
    installed), .invalid_codes the rows of the codes table that were not
    well-formed codes, .to_frame() a DataFrame indexed by person.

    >>> f = Comorbidity().flags({"person": ["a", "a"], "code": ["I21.9", "bad"]})
    >>> f.person, f["mi"], f.invalid_codes
    (['a'], [1.0], [1])
    """

    def __init__(self, person: List[str], conditions: List[str], flat: Any, invalid_codes: List[int],
                 hierarchy: bool) -> None:
        self.person = person
        self.conditions = conditions
        self._flat = flat
        self.flags = matrix(flat, len(conditions))
        self.invalid_codes = invalid_codes
        self.hierarchy = hierarchy

    def __repr__(self) -> str:
        return "<ComorbidityFlags: %d people x %d conditions%s; .to_frame() for the table>" % (
            len(self.person), len(self.conditions), ", hierarchy applied" if self.hierarchy else "")

    def __getitem__(self, condition: str) -> Any:
        """One condition's column."""
        j = self.conditions.index(condition)
        return [row[j] for row in self.flags]

    def to_frame(self) -> Any:
        """A DataFrame indexed by person with one 0/1 integer column per condition."""
        np = numpy_module()
        rows = self.flags.astype(np.int32) if np is not None else [[int(v) for v in r] for r in self.flags]
        return LabeledRows(rows, self.conditions, self.person, "person").to_frame()


class Comorbidity(HandleOwner):
    """A comorbidity algorithm by name (comorbidity_algorithms()): Charlson
    (Quan 2005 ICD-10 and ICD-9-CM, Swedish, Australian) or Elixhauser (Quan
    2005 ICD-10 and ICD-9-CM).

    >>> c = Comorbidity("charlson_icd10_quan")
    >>> codes = {"person": ["a", "a", "b"], "code": ["I21.9", "C78.0", "J44.9"]}
    >>> [float(s) for s in c.score(codes, "charlson").score]  # a: MI 1 + metastatic 6; b: pulmonary 1
    [7.0, 1.0]
    """

    def __init__(self, algorithm: str = "charlson_icd10_quan") -> None:
        self._h = _ll.value_comorbidity_new(algorithm)
        self.algorithm = algorithm

    def __repr__(self) -> str:
        return "Comorbidity(%r: %d conditions, weights %s)" % (self.algorithm, len(self.conditions),
                                                              "/".join(self.weight_sets))

    @property
    def conditions(self) -> List[str]:
        """The conditions' short names, the flags' columns.

        >>> Comorbidity("elixhauser_icd10_quan").conditions[:3]
        ['chf', 'carit', 'valv']
        """
        return [_ll.value_comorbidity_condition(self._h, k)[0]
                for k in range(_ll.value_comorbidity_condition_count(self._h))]

    @property
    def labels(self) -> List[str]:
        """The conditions' labels.

        >>> Comorbidity().labels[0]
        'Myocardial infarction'
        """
        return [_ll.value_comorbidity_condition(self._h, k)[1]
                for k in range(_ll.value_comorbidity_condition_count(self._h))]

    @property
    def weight_sets(self) -> List[str]:
        """The weight sets score() takes.

        >>> Comorbidity("elixhauser_icd9_quan").weight_sets
        ['vw', 'swiss']
        """
        return [_ll.value_comorbidity_weight_name(self._h, i)
                for i in range(_ll.value_comorbidity_weight_count(self._h))]

    @property
    def icd_version(self) -> int:
        """9 or 10.

        >>> Comorbidity("charlson_icd9_quan").icd_version
        9
        """
        return int(_ll.value_comorbidity_icd_version(self._h))

    def flags(self, codes: Any, person: str = "person", code: str = "code", people: Optional[Any] = None,
              hierarchy: bool = False) -> ComorbidityFlags:
        """Per-person 0/1 flags from a long codes table.  Rows are the
        people of `people` (a sequence of ids; those without codes get
        zeros) or else the codes table's people in order of first
        appearance.  hierarchy=True clears a condition whose more severe
        form is flagged.

        >>> f = Comorbidity().flags({"person": [7, 7], "code": ["K70.3", "K72.1"]}, hierarchy=True)
        >>> f.person, f["mld"], f["msld"]
        (['7'], [0.0], [1.0])
        """
        cids = _texts(_column(codes, person, "codes"))
        if people is None:
            index, keys = _ll.value_keys_new(cids, 0, len(cids))
        else:
            pids = _texts(people.tolist() if hasattr(people, "tolist") else list(people))
            keys = _ll.value_keys_new(pids, 1, len(pids))[1]
        try:
            if people is not None:
                index = _ll.value_keys_find(keys, cids, len(cids))
            ids = [_ll.value_keys_get(keys, i) for i in range(_ll.value_keys_count(keys))]
        finally:
            keys.close()
        conditions = self.conditions
        code_list = _texts(_column(codes, code, "codes"))
        n_people = max(len(ids), 1)  # the C call needs a row; an empty table gives none back
        flat, status, _ = _ll.value_comorbidity_flags(self._h, index, code_list, n_people, int(bool(hierarchy)),
                                                      n_people * len(conditions), len(code_list))
        if not ids:
            flat = flat[:0]
        bad = [i for i, s in enumerate(status) if s == _ll.VALUE_COMORBIDITY_CODE_INVALID]
        return ComorbidityFlags(ids, conditions, flat, bad, bool(hierarchy))

    def score(self, codes: Any, weights: str, person: str = "person", code: str = "code",
              people: Optional[Any] = None) -> Any:
        """Weighted scores (weight_sets) from a long codes table or from
        flags(); the hierarchy is always applied.

        >>> e = Comorbidity("elixhauser_icd10_quan")
        >>> [float(s) for s in e.score({"person": ["x"], "code": ["I50.9"]}, "vw").score]  # CHF 7
        [7.0]
        """
        f = codes if isinstance(codes, ComorbidityFlags) else self.flags(codes, person, code, people)
        if not f.person:  # no rows: the C call still checks the weight set's name on one empty row
            s = _ll.value_comorbidity_score(self._h, weights, [0.0] * len(f.conditions), 1)[:0]
        else:
            s = _ll.value_comorbidity_score(self._h, weights, f._flat, len(f.person))
        return ComorbidityScores(f.person, vector(s), f.invalid_codes)

    def explain(self, codes: Sequence[str], weights: str) -> Rows:
        """One person's score line by line (.to_frame() for a DataFrame):
        each code's conditions and the listed prefix it matched, codes that
        count for nothing, conditions the hierarchy clears, each weight,
        and the score.

        >>> lines = Comorbidity().explain(["K70.3", "K72.1"], "charlson")
        >>> [(ln.step, ln.item) for ln in lines][2:]  # mild liver disease under severe: 3
        [('hierarchy', 'mld'), ('condition', 'msld'), ('score', '')]
        >>> lines[-1].weight
        3.0
        """
        e = _ll.value_comorbidity_explain(self._h, weights, _texts(list(codes)))
        try:
            return Rows(ComorbidityLine(*_ll.value_comorbidity_explanation_line(e, i))
                        for i in range(_ll.value_comorbidity_explanation_line_count(e)))
        finally:
            e.close()
