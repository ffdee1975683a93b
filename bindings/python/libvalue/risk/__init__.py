# SPDX-License-Identifier: GPL-3.0-or-later
"""Risk adjustment and provider comparison (C: lib/risk/): risk models,
model performance and O/E, provider profiles, funnel plots, peer groups,
disparities and fairness, CMS-HCC risk scores, Charlson and Elixhauser
comorbidity indices."""

from . import comorbidity, hcc, models, profiling
from .comorbidity import *  # noqa: F401,F403
from .hcc import *  # noqa: F401,F403
from .models import *  # noqa: F401,F403
from .profiling import *  # noqa: F401,F403

__all__ = models.__all__ + profiling.__all__ + hcc.__all__ + comorbidity.__all__
