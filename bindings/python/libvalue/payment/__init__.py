# SPDX-License-Identifier: GPL-3.0-or-later
"""Payment (C: lib/payment/): contracts, ledgers, settlements with their
explanation lines, and incentive analysis."""

from . import contracts
from .contracts import *  # noqa: F401,F403

__all__ = list(contracts.__all__)
