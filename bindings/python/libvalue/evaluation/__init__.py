# SPDX-License-Identifier: GPL-3.0-or-later
"""Outcomes and economic evaluation (C: lib/evaluation/): discounting,
outcome measures, EQ-5D, QALYs, cost-effectiveness, PSA, Markov models,
probabilities, sampling and sensitivity analysis, declarative decision models,
parametric survival fits; Kaplan-Meier survival and RMST; partitioned survival models; pseudo individual
data from published Kaplan-Meier curves."""

from . import discount, outcomes, cea, markov, model, survival_fit, survival_km, psm, survival_guyot
from .discount import *  # noqa: F401,F403
from .outcomes import *  # noqa: F401,F403
from .cea import *  # noqa: F401,F403
from .markov import *  # noqa: F401,F403
from .model import *  # noqa: F401,F403
from .survival_fit import *  # noqa: F401,F403
from .survival_km import *  # noqa: F401,F403
from .psm import *  # noqa: F401,F403
from .survival_guyot import *  # noqa: F401,F403

__all__ = (discount.__all__ + outcomes.__all__ + cea.__all__ + markov.__all__ + model.__all__ + survival_fit.__all__
           + survival_km.__all__ + psm.__all__ + survival_guyot.__all__)
