# SPDX-License-Identifier: GPL-3.0-or-later
"""Parametric survival fits (C module: lib/evaluation/survival_fit.c):
exponential, Weibull, lognormal and log-logistic accelerated failure time
models, parameterised as R's survival::survreg, and the Gompertz as flexsurv, fitted by maximum
likelihood to right-censored times with covariates; survival, hazard,
cumulative hazard, quantiles and restricted means with delta-method
standard errors.

Data come in as a pandas DataFrame (or a dict of columns): the time and
event columns and the covariate columns by name, no formula.
"""

from typing import Any, Optional, Sequence
import difflib
from collections import namedtuple

from .. import _lowlevel as _ll
from .._support import EINVAL, HandleOwner, InvalidArgumentError, Rows, choice, vector

__all__ = ["SurvivalFit", "SurvivalCoefficient", "SurvivalPrediction"]

SurvivalCoefficient = namedtuple("SurvivalCoefficient", "name estimate se")
SurvivalPrediction = namedtuple("SurvivalPrediction", "at estimate se")

_DISTS = _ll.value_survival_fit_dist
_WHAT = _ll.value_survival_fit_what


def _column(data: Any, name: str, what: str) -> Any:
    """data[name] as a list of floats, or an error naming the nearest column."""
    cols = [str(c) for c in (data.columns if hasattr(data, "columns") else data.keys())]
    if name not in cols:
        near = difflib.get_close_matches(name, cols, n=1)
        hint = " (did you mean '%s'?)" % near[0] if near else " (known: %s)" % ", ".join("'%s'" % c for c in cols[:5])
        raise InvalidArgumentError(EINVAL, "unknown %s column '%s'%s" % (what, name, hint))
    col = data[name]
    return [float(v) for v in (col.tolist() if hasattr(col, "tolist") else col)]


class SurvivalFit(HandleOwner):
    """A parametric survival model fitted by SurvivalFit.fit().

    dist: 'exponential', 'weibull', 'lognormal' or 'loglogistic' (survreg's
    AFT models), or 'gompertz' (flexsurv's h(t) = rate e^(shape t), log rate
    linear in the covariates).  The coefficients are survreg's: intercept,
    covariates, then 'Log(scale)' (absent for the exponential; 'shape' for
    the Gompertz).

    An intercept-only exponential fit has rate events / total time: here
    2 / 12, so the intercept is log(6) and the median log(2) x 6.

    >>> d = {"t": [2.0, 4.0, 6.0], "dead": [1, 1, 0]}
    >>> m = SurvivalFit.fit(d, "t", "dead", dist="exponential")
    >>> round(m.coefficients()[0].estimate, 6)  # log(6)
    1.791759
    >>> round(float(m.quantile(0.5).estimate[0]), 6)  # 6 log 2
    4.158883
    """

    def __init__(self, dist: str, columns: Sequence[str]) -> None:
        self.dist = dist
        self.columns = [str(c) for c in columns]
        self._h = _ll.value_survival_fit_new(choice(_DISTS, dist, "dist"), len(self.columns))

    @classmethod
    def fit(cls, data: Any, time: str, event: str, covariates: Sequence[str] = (), dist: str = "weibull",
            max_iter: int = 30, tolerance: float = 1e-9) -> "SurvivalFit":
        """Fit by maximum likelihood (Newton-Raphson, as survreg).  time:
        the follow-up column (> 0); event: the 1 = event / 0 = censored
        column; covariates: column names.

        >>> m = SurvivalFit.fit({"t": [3.0, 5, 7, 9, 11, 13], "e": [1, 1, 1, 0, 1, 1],
        ...                      "x": [1.0, 0, 1, 0, 1, 0]}, "t", "e", ["x"], dist="weibull")
        >>> m.names
        ['(Intercept)', 'x', 'Log(scale)']
        """
        m = cls(dist, covariates)
        try:
            _ll.value_survival_fit_set(m._h, _ll.VALUE_SURVIVAL_FIT_MAX_ITER, max_iter)
            _ll.value_survival_fit_set(m._h, _ll.VALUE_SURVIVAL_FIT_TOLERANCE, tolerance)
            t = _column(data, time, "time")
            e = _column(data, event, "event")
            cols = [_column(data, c, "covariate") for c in m.columns]
            flat = [cols[j][i] for i in range(len(t)) for j in range(len(cols))]
            _ll.value_survival_fit_estimate(m._h, flat, t, e)
        except BaseException:
            m.close()
            raise
        return m

    def _get(self, param: Any) -> Any:
        return _ll.value_survival_fit_get(self._h, param)

    @property
    def n_par(self) -> int:
        return int(self._get(_ll.VALUE_SURVIVAL_FIT_N_PAR))

    @property
    def names(self) -> Any:
        """Coefficient names in survreg's order."""
        extra = ["shape"] if self.dist == "gompertz" else ["Log(scale)"] if self.n_par > len(self.columns) + 1 else []
        return ["(Intercept)"] + self.columns + extra

    def coefficients(self) -> Any:
        """SurvivalCoefficient(name, estimate, se) rows (.to_frame() for a
        DataFrame).

        >>> m = SurvivalFit.fit({"t": [2.0, 4.0, 6.0], "e": [1, 1, 0]}, "t", "e", dist="exponential")
        >>> c = m.coefficients()[0]
        >>> c.name, round(c.se ** 2, 12)  # 1/d for the exponential's log mean
        ('(Intercept)', 0.5)
        """
        est, se = _ll.value_survival_fit_coefficients(self._h, self.n_par)
        return Rows([SurvivalCoefficient(*r) for r in zip(self.names, est, se)], index="name")

    def covariance(self) -> Any:
        """The inverse observed information, as survreg's vcov(), a list of rows.

        >>> m = SurvivalFit.fit({"t": [2.0, 4.0, 6.0], "e": [1, 1, 0]}, "t", "e", dist="exponential")
        >>> [[round(v, 12) for v in row] for row in m.covariance()]  # 1/d
        [[0.5]]
        """
        k = self.n_par
        flat = _ll.value_survival_fit_covariance(self._h, k * k)
        return [list(flat[i * k:(i + 1) * k]) for i in range(k)]

    def weibull_ph(self) -> Any:
        """The Weibull fit as a proportional-hazards model: rows 'shape'
        (1/scale) and the log-hazard coefficients -beta/scale, with
        delta-method standard errors.

        >>> m = SurvivalFit.fit({"t": [3.0, 5, 7, 9, 11, 13], "e": [1, 1, 1, 0, 1, 1]}, "t", "e")
        >>> ph = m.weibull_ph()
        >>> round(ph[0].estimate * m.scale, 12)  # shape = 1/scale
        1.0
        """
        est, se = _ll.value_survival_fit_weibull_ph(self._h, self.n_par)
        names = ["shape", "(Intercept)"] + self.columns
        return Rows([SurvivalCoefficient(*r) for r in zip(names, est, se)], index="name")

    loglik = property(lambda self: self._get(_ll.VALUE_SURVIVAL_FIT_LOGLIK))
    aic = property(lambda self: self._get(_ll.VALUE_SURVIVAL_FIT_AIC))
    bic = property(lambda self: self._get(_ll.VALUE_SURVIVAL_FIT_BIC))
    scale = property(lambda self: self._get(_ll.VALUE_SURVIVAL_FIT_SCALE))
    iterations = property(lambda self: int(self._get(_ll.VALUE_SURVIVAL_FIT_ITERATIONS)))
    n_events = property(lambda self: int(self._get(_ll.VALUE_SURVIVAL_FIT_N_EVENTS)))

    def _row(self, x: Optional[Any]) -> Any:
        if x is None:
            x = {}
        missing = [c for c in self.columns if c not in x]
        if missing:
            raise InvalidArgumentError(EINVAL, "x lacks covariate '%s'" % missing[0])
        return [float(x[c]) for c in self.columns]

    def predict(self, t: Any, x: Optional[Any] = None, what: str = "survival") -> SurvivalPrediction:
        """S(t), h(t) or H(t) ('survival', 'hazard', 'cumhaz') at times t for
        the covariates x (a dict by column name), with standard errors.

        >>> m = SurvivalFit.fit({"t": [2.0, 4.0, 6.0], "e": [1, 1, 0]}, "t", "e", dist="exponential")
        >>> round(float(m.predict(6).estimate[0]), 6)  # exp(-6/6)
        0.367879
        >>> round(float(m.predict([1, 5], what="hazard").estimate[1]), 6)  # rate 1/6
        0.166667
        """
        ts = [float(v) for v in (t if hasattr(t, "__len__") else [t])]
        v, se = _ll.value_survival_fit_predict(self._h, choice(_WHAT, what, "what"), self._row(x), ts, len(ts))
        return SurvivalPrediction(ts, vector(v), vector(se))

    def quantile(self, p: Any, x: Optional[Any] = None) -> SurvivalPrediction:
        """Times by which fractions p have had the event (0.5: the median).

        >>> m = SurvivalFit.fit({"t": [2.0, 4.0, 6.0], "e": [1, 1, 0]}, "t", "e", dist="exponential")
        >>> round(float(m.quantile([0.5]).estimate[0]), 6)  # 6 log 2
        4.158883
        """
        ps = [float(v) for v in (p if hasattr(p, "__len__") else [p])]
        v, se = _ll.value_survival_fit_quantile(self._h, self._row(x), ps, len(ps))
        return SurvivalPrediction(ps, vector(v), vector(se))

    def rmst(self, tau: Any, x: Optional[Any] = None) -> SurvivalPrediction:
        """Restricted mean survival time up to each tau.

        >>> m = SurvivalFit.fit({"t": [2.0, 4.0, 6.0], "e": [1, 1, 0]}, "t", "e", dist="exponential")
        >>> round(float(m.rmst(6).estimate[0]), 6)  # 6 (1 - e^-1)
        3.792723
        """
        ts = [float(v) for v in (tau if hasattr(tau, "__len__") else [tau])]
        v, se = _ll.value_survival_fit_rmst(self._h, self._row(x), ts, len(ts))
        return SurvivalPrediction(ts, vector(v), vector(se))
