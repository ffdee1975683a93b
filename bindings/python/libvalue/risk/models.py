# SPDX-License-Identifier: GPL-3.0-or-later
"""Risk adjustment: GLMs fitted or loaded, predictions, model performance,
observed vs expected, random-intercept (CMS-style) models and
risk-standardized rates (C modules: lib/risk/risk.c, lib/risk/risk_hier.c,
lib/risk/risk_perf.c, lib/risk/risk_compare.c).

Covariates X may be a pandas DataFrame (its column names become the
model's), a 2-d numpy array, or a list of rows; y, weights, offsets and
groups any sequence of numbers.
"""

from typing import Any, Optional
import sys
from collections import namedtuple

from .. import _lowlevel as _ll
from .._support import ArrayLike, EINVAL, HandleOwner, InvalidArgumentError, Rows, choice, record, vector

__all__ = ["RiskModel", "Coefficient", "Prediction", "performance", "Performance", "calibration_table",
           "CalibrationRow", "oe_interval", "observed_expected", "GroupOE", "compare_models", "ModelChange",
           "StandardizedRate"]

Coefficient = namedtuple("Coefficient", "name estimate se stat p")
Prediction = record("Prediction", "eta mu se_eta se_mu", "Linear predictor and mean per row (and their standard errors with se=True).")
Performance = namedtuple("Performance", "c_statistic brier citl slope nagelkerke hl_chisq hl_df hl_p "
                                        "observed expected")
CalibrationRow = namedtuple("CalibrationRow", "n observed expected p_low p_high")
GroupOE = namedtuple("GroupOE", "n observed expected oe lower upper rate")
StandardizedRate = namedtuple("StandardizedRate", "observed predicted expected ratio rate")
ModelChange = namedtuple("ModelChange", "observed expected_base expected_extended oe_base oe_extended oe_change")

_FAMILIES = _ll.value_risk_family


def _matrix(x: Any, name: str) -> Any:
    """(flat row-major values, rows, columns, column names or None)."""
    names = None
    if hasattr(x, "columns") and hasattr(x, "to_numpy"):  # a pandas DataFrame
        names = [str(c) for c in x.columns]
        x = x.to_numpy(dtype="float64")
    np = sys.modules.get("numpy")
    if np is not None and isinstance(x, np.ndarray):
        if x.ndim != 2:
            raise InvalidArgumentError(EINVAL, "%s must be 2-dimensional, got %d dimensions" % (name, x.ndim))
        x = np.ascontiguousarray(x, dtype="float64")
        return x.reshape(-1), x.shape[0], x.shape[1], names
    rows_ = [list(r) for r in x]
    width = len(rows_[0]) if rows_ else 0
    for i, r in enumerate(rows_):
        if len(r) != width:
            raise InvalidArgumentError(EINVAL, "%s: row %d has %d values, row 0 has %d" % (name, i, len(r), width))
    return [float(v) for r in rows_ for v in r], len(rows_), width, names


def _column(v: Any, n: Any, default: Any) -> Any:
    return [default] * n if v is None else v


class RiskModel(HandleOwner):
    """A case-mix model.  family: 'binomial' (logistic), 'poisson' (log
    link, offsets), 'gaussian' (linear) or 'gamma' (log link).

    Fit one with RiskModel.fit(), load a published one with
    RiskModel.load(), or fit a random-intercept logistic model with
    RiskModel.fit_random_intercept().

    >>> m = RiskModel.load({"(Intercept)": -9.0, "age": 0.1, "chf": 0.3})
    >>> round(float(m.predict([[80, 1]]).mu[0]), 6)  # 1 / (1 + exp(-(-9 + 8 + 0.3)))
    0.331812
    """

    def __init__(self, family: str = "binomial", n_cols: int = 0, columns: Optional[Any] = None, intercept: bool = True, max_iter: int = 25, tolerance: float = 1e-8) -> None:
        if columns is not None:
            columns = [str(c) for c in columns]
            n_cols = len(columns)
        self.family = family
        self._h = _ll.value_risk_new(choice(_FAMILIES, family, "family"), n_cols)
        self.n_cols = n_cols
        try:
            _ll.value_risk_set(self._h, _ll.VALUE_RISK_INTERCEPT, 1.0 if intercept else 0.0)
            _ll.value_risk_set(self._h, _ll.VALUE_RISK_MAX_ITER, max_iter)
            _ll.value_risk_set(self._h, _ll.VALUE_RISK_TOLERANCE, tolerance)
            for i, c in enumerate(columns or []):
                _ll.value_risk_set_column_name(self._h, i, c)
        except BaseException:
            self.close()
            raise

    # ---- construction -------------------------------------------------------------
    @classmethod
    def fit(cls, x: Any, y: ArrayLike, family: str = "binomial", weights: Optional[Any] = None, offset: Optional[Any] = None, columns: Optional[Any] = None, intercept: bool = True, max_iter: int = 25,
            tolerance: float=1e-8) -> Any:
        """Fit by IRLS (as R's glm).  weights default to 1, offsets to 0."""
        flat, n, p, names = _matrix(x, "x")
        m = cls(family, p, columns or names, intercept, max_iter, tolerance)
        try:
            _ll.value_risk_fit(m._h, flat, y, _column(weights, n, 1.0), _column(offset, n, 0.0))
        except BaseException:
            m.close()
            raise
        return m

    @classmethod
    def load(cls, coefficients: Any, family: str = "binomial", intercept: bool = True) -> Any:
        """A published model: coefficients as a dict {name: value} (the
        intercept under '(Intercept)', first) or a list with names given
        by columns in order."""
        if isinstance(coefficients, dict):
            items = list(coefficients.items())
        else:
            items = [(None, v) for v in coefficients]
        if intercept:
            if not items:
                raise InvalidArgumentError(EINVAL, "coefficients is empty")
            items_cols = items[1:]
        else:
            items_cols = items
        names = [k for k, _ in items_cols] if all(k is not None for k, _ in items_cols) else None
        m = cls(family, len(items_cols), names, intercept)
        try:
            _ll.value_risk_set_coefficients(m._h, [float(v) for _, v in items])
        except BaseException:
            m.close()
            raise
        return m

    @classmethod
    def fit_random_intercept(cls, x: Any, y: ArrayLike, provider: ArrayLike, n_providers: Optional[Any] = None, columns: Optional[Any] = None) -> Any:
        """Logistic model with provider random intercepts (Laplace, as
        lme4::glmer with nAGQ = 1); provider codes 0..n_providers-1."""
        flat, n, p, names = _matrix(x, "x")
        if n_providers is None:
            n_providers = max(int(v) for v in provider) + 1 if n else 0
        m = cls("binomial", p, columns or names)
        try:
            _ll.value_risk_fit_random_intercept(m._h, flat, y, provider, n_providers)
        except BaseException:
            m.close()
            raise
        return m

    # ---- results ------------------------------------------------------------------
    def _get(self, param: Any) -> Any:
        return _ll.value_risk_get(self._h, param)

    @property
    def n_coef(self) -> Any:
        return int(self._get(_ll.VALUE_RISK_N_COEF))

    @property
    def names(self) -> Any:
        return [_ll.value_risk_coef_name(self._h, k) for k in range(self.n_coef)]

    def coefficients(self) -> Any:
        """One Coefficient(name, estimate, se, stat, p) per coefficient (se,
        stat and p are NaN for a loaded model)."""
        est, se, stat, p = _ll.value_risk_coefficients(self._h, self.n_coef)
        return Rows([Coefficient(*row) for row in zip(self.names, est, se, stat, p)], index="name")

    @property
    def coef(self) -> Any:
        """{name: estimate}."""
        return {c.name: c.estimate for c in self.coefficients()}

    def covariance(self) -> Any:
        k = self.n_coef
        flat = _ll.value_risk_covariance(self._h, k * k)
        return [list(flat[i * k:(i + 1) * k]) for i in range(k)]

    deviance = property(lambda self: self._get(_ll.VALUE_RISK_DEVIANCE))
    null_deviance = property(lambda self: self._get(_ll.VALUE_RISK_NULL_DEVIANCE))
    aic = property(lambda self: self._get(_ll.VALUE_RISK_AIC))
    loglik = property(lambda self: self._get(_ll.VALUE_RISK_LOGLIK))
    dispersion = property(lambda self: self._get(_ll.VALUE_RISK_DISPERSION))
    iterations = property(lambda self: int(self._get(_ll.VALUE_RISK_ITERATIONS)))
    tau = property(lambda self: self._get(_ll.VALUE_RISK_TAU), doc="between-provider SD (random-intercept fits)")

    def predict(self, x: Any, offset: Optional[Any] = None, se: bool = False) -> Any:
        """Prediction(eta, mu, se_eta, se_mu) lists; the standard errors only
        with se=True (None otherwise)."""
        flat, n, _, _ = _matrix(x, "x")
        off = _column(offset, n, 0.0)
        eta, mu = _ll.value_risk_predict(self._h, flat, off, n)
        if not se:
            return Prediction(vector(eta), vector(mu), None, None)
        se_eta, se_mu = _ll.value_risk_predict_se(self._h, flat, off, n)
        return Prediction(vector(eta), vector(mu), vector(se_eta), vector(se_mu))

    def provider_effects(self) -> Any:
        n = int(self._get(_ll.VALUE_RISK_N_PROVIDERS))
        return vector(_ll.value_risk_provider_effects(self._h, n))

    def standardized_rates(self, x: Any, y: ArrayLike, provider: ArrayLike) -> Any:
        """CMS risk-standardized rates per provider: StandardizedRate(observed,
        predicted, expected, ratio = predicted/expected, rate)."""
        flat, _, _, _ = _matrix(x, "x")
        n = int(self._get(_ll.VALUE_RISK_N_PROVIDERS))
        cols = _ll.value_risk_standardized_rates(self._h, flat, y, provider, n)
        return Rows([StandardizedRate(*row) for row in zip(*cols)])

    def __repr__(self) -> str:
        """The family and the first coefficients.

        >>> RiskModel.load({"(Intercept)": -9.0, "age": 0.1, "chf": 0.3})
        <RiskModel binomial: 3 coefficients ((Intercept) -9, age 0.1, chf 0.3); .coefficients() for the table>
        """
        if self._h.closed:
            return "<RiskModel (closed)>"
        coef = list(self.coef.items())
        shown = ", ".join("%s %.4g" % kv for kv in coef[:6]) + (", ..." if len(coef) > 6 else "")
        return "<RiskModel %s: %d coefficients (%s); .coefficients() for the table>" % (self.family, self.n_coef,
                                                                                         shown)


def performance(y: ArrayLike, p: ArrayLike, groups: int = 10) -> Any:
    """c-statistic, Brier score, calibration-in-the-large and slope,
    Nagelkerke R^2, Hosmer-Lemeshow over `groups` risk groups.

    >>> perf = performance([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> perf.c_statistic  # 3 of the 4 (case, control) pairs ranked right
    0.75
    """
    return Performance(*_ll.value_risk_performance(y, p, groups, _ll.VALUE_RISK_PERF_N_STATS))


def calibration_table(y: ArrayLike, p: ArrayLike, groups: int = 10) -> Any:
    """Observed vs expected per risk group (the calibration plot's points).

    >>> rows = calibration_table([0, 0, 1, 0, 1, 1], [0.1, 0.2, 0.4, 0.5, 0.8, 0.9], groups=3)
    >>> [(r.n, r.observed, round(r.expected, 10)) for r in rows]  # thirds by risk: 0.1 + 0.2, ...
    [(2.0, 0.0, 0.3), (2.0, 1.0, 0.9), (2.0, 2.0, 1.7)]
    """
    *cols, formed = _ll.value_risk_calibration_table(y, p, groups, groups)
    return Rows([CalibrationRow(*row) for row in zip(*cols)][:formed])


def oe_interval(observed: ArrayLike, expected: float = 1.0, level: float = 0.95) -> Any:
    """(lower, upper) of O/E: exact Poisson when O < 10, else Byar.

    >>> [round(v, 4) for v in oe_interval(65)]  # Byar's 95% limits of O = 65, E = 1
    [50.1632, 82.8491]
    """
    return _ll.value_risk_oe_interval(observed, expected, level)


def observed_expected(y: ArrayLike, p: ArrayLike, group: ArrayLike, n_groups: Optional[Any] = None, level: float = 0.95, reference_rate: Optional[Any] = None) -> Any:
    """GroupOE(n, observed, expected, oe, lower, upper, rate) per group;
    reference_rate defaults to the overall observed rate sum(y)/n.

    >>> g = observed_expected([1] * 24 + [0] * 176, [0.15] * 200, [0] * 200)
    >>> round(g[0].oe, 12)  # 24 deaths where 30 were expected
    0.8
    """
    if n_groups is None:
        n_groups = max(int(g) for g in group) + 1 if len(group) else 0
    cols = _ll.value_risk_observed_expected(y, p, group, level, reference_rate or 0.0, n_groups)
    return Rows([GroupOE(*row) for row in zip(*cols)])


def compare_models(base: Any, x_base: Any, extended: Any, x_extended: Any, y: ArrayLike, group: ArrayLike, n_groups: Optional[Any] = None, offset: Optional[Any] = None) -> Any:
    """Per group: observed, expected under each model, O/E under each and
    its change (extended minus base).

    >>> base = RiskModel.load({"(Intercept)": 0.0})
    >>> ext = RiskModel.load({"(Intercept)": 0.0, "x": 1.0})
    >>> r = compare_models(base, [[], []], ext, [[0.0], [2.0]], [0, 1], [0, 1])
    >>> [round(c.expected_base, 6) for c in r], [round(c.expected_extended, 6) for c in r]
    ([0.5, 0.5], [0.5, 0.880797])
    """
    fb, n, _, _ = _matrix(x_base, "x_base")
    fe, _, _, _ = _matrix(x_extended, "x_extended")
    if n_groups is None:
        n_groups = max(int(g) for g in group) + 1 if len(group) else 0
    cols = _ll.value_risk_compare(base._h, fb, extended._h, fe, y, _column(offset, n, 0.0), group, n_groups)
    return Rows([ModelChange(*row) for row in zip(*cols)])
