# SPDX-License-Identifier: GPL-3.0-or-later
"""Outcomes and economic evaluation (C: lib/evaluation/): discounting,
outcome measures, EQ-5D, QALYs, cost-effectiveness, PSA, Markov models,
probabilities, sampling and sensitivity analysis, declarative decision models,
pseudo individual data from published Kaplan-Meier curves."""

from . import discount, outcomes, cea, markov, model, survival_guyot
from .discount import *  # noqa: F401,F403
from .outcomes import *  # noqa: F401,F403
from .cea import *  # noqa: F401,F403
from .markov import *  # noqa: F401,F403
from .model import *  # noqa: F401,F403
from .survival_guyot import *  # noqa: F401,F403

__all__ = discount.__all__ + outcomes.__all__ + cea.__all__ + markov.__all__ + model.__all__ + survival_guyot.__all__
