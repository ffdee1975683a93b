# SPDX-License-Identifier: GPL-3.0-or-later
"""The CMS programs (C: lib/programs/): parameter tables by program year,
MSSP (settlement and benchmark), HVBP, HRRP, MIPS, BPCI Advanced and ACA risk corridors.  HVBP and
HRRP are used through their modules (libvalue.hvbp, libvalue.hrrp)."""

from . import mssp, mssp_benchmark, hvbp, hrrp, mips, bpci
from .mssp import *  # noqa: F401,F403
from .mssp_benchmark import *  # noqa: F401,F403
from .mips import *  # noqa: F401,F403
from .bpci import *  # noqa: F401,F403

__all__ = mssp.__all__ + mssp_benchmark.__all__ + mips.__all__ + bpci.__all__ + ["hvbp", "hrrp"]
