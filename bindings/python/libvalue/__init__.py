# SPDX-License-Identifier: GPL-3.0-or-later
"""libvalue: value-based health care (costing, outcomes, risk adjustment,
payment contracts) from Python, through ctypes on the C library.

The low layer (libvalue._lowlevel) is generated from include/value.h; the
modules here make it feel like Python.  Errors raise libvalue.Error
subclasses whose message names the offending argument and value.
"""

from typing import Any

from ._support import (Error, InvalidArgumentError, DomainError, RangeError, NotConvergedError,
                       NotFoundError, ParseError, StateError, NumericError)
from . import _lowlevel
# The families mirror the C library's folders (lib/<family>/); everything
# public is also here at the top.
from .costing import CostModel, CapacityRow
from . import evaluation, risk, payment, programs
from .evaluation.discount import Discount, pv, irr
from .evaluation.survival_guyot import guyot, PseudoIPD
from .evaluation.outcomes import Measure, Estimate, wilson, EQ5D, qalys, QalyResult
from .evaluation.cea import (frontier, FrontierRow, net_benefit, optimal, wtp_ranges, value_ratio, psa_curves,
                             PsaCurves, psa_incremental, psa_summary)
from .evaluation.markov import (MarkovModel, MarkovResult, tunnel_matrix, tunnel_vector, prob_from_rate,
                                prob_to_rate, prob_rescale, apply_rr, apply_or, apply_hr, Sampler, oneway, OneWay,
                                TornadoRow)
from .evaluation.survival_fit import SurvivalFit, SurvivalCoefficient, SurvivalPrediction
from .evaluation.psm import PartitionedSurvivalModel, PSMResult, PSMCrossings
from .evaluation.model import (Model, ModelPsa, ResultRows, StrategyResult, SubgroupResult, MicrosimResult,
                               Threshold)
from .evaluation.survival_km import KaplanMeier, MedianSurvival, Rmst
from .risk.models import (RiskModel, Coefficient, Prediction, performance, Performance, calibration_table,
                          CalibrationRow, oe_interval, observed_expected, GroupOE, compare_models, ModelChange,
                          StandardizedRate)
from .risk.profiling import (Profile, ProviderResult, funnel_limits, funnel_assess, FunnelAssessment, peer_groups,
                             peer_compare, PeerComparison, disparity_rates, Disparities, DisparityRow,
                             allocate_budget, Allocation, fairness_by_group, FairnessRow, fairness_summary,
                             FairnessSummary, fairness_compare)
from .payment.contracts import (Contract, Ledger, Settlement, ExplanationLine, percentile, incentive_margins,
                                incentive_choice, IncentiveChoice)
from .programs.mssp import cms_years, cms_parameter, mssp_contract, mssp_settle, mssp_settle_acos, mssp_generated, MSSP_TRACKS, MSSP_TERMS
from .programs.bpci import (bpci_discount, bpci_target_price, BpciTargetPrice, bpci_winsorize, Winsorized,
                            bpci_reconcile, aca_risk_corridor, aca_risk_corridor_settle)
from .programs.mssp_benchmark import (MSSP_ENROLLMENT, mssp_benchmark_blend, mssp_benchmark_year_weights,
                                      mssp_benchmark_historical, mssp_benchmark_regional,
                                      mssp_benchmark_risk_ratio, mssp_benchmark_risk_ratio_continuity,
                                      mssp_benchmark_update)
from .programs import hvbp, hrrp
from .programs.mips import mips_adjustment, mips_components, MipsComponents, mips_published_scaling
from .payment.contracts import settle_all, BookSettlement

__version__ = _lowlevel.VERSION  # value.h's, written there once


def version() -> str:
    """The version of the C library in use.

    >>> version() == __version__
    True
    """
    return str(_lowlevel.value_version())


def __getattr__(name: str) -> Any:
    """libvalue.plots, imported on first use (PEP 562): matplotlib itself is
    imported only when a plot is drawn."""
    if name == "plots":
        import importlib
        return importlib.import_module(".plots", __name__)
    raise AttributeError("module 'libvalue' has no attribute %r" % name)


__all__ = ["version", "SurvivalFit", "SurvivalCoefficient", "SurvivalPrediction", "plots", "evaluation", "risk", "payment", "programs", "Error", "InvalidArgumentError", "DomainError", "RangeError", "NotConvergedError",
           "NotFoundError", "ParseError", "StateError", "NumericError", "Discount", "pv", "irr", "guyot", "PseudoIPD",
           "CostModel", "CapacityRow", "Measure", "Estimate", "wilson", "EQ5D", "qalys", "QalyResult",
           "frontier", "FrontierRow", "net_benefit", "optimal", "wtp_ranges", "value_ratio", "psa_curves",
           "PsaCurves", "psa_incremental", "psa_summary", "MarkovModel", "MarkovResult", "tunnel_matrix",
           "tunnel_vector", "prob_from_rate", "prob_to_rate", "prob_rescale", "apply_rr", "apply_or", "apply_hr",
           "Sampler", "oneway", "OneWay", "TornadoRow", "PartitionedSurvivalModel", "PSMResult", "PSMCrossings",
           "Model", "ModelPsa", "ResultRows", "StrategyResult", "SubgroupResult", "MicrosimResult", "Threshold",
           "KaplanMeier", "MedianSurvival", "Rmst", "RiskModel", "Coefficient", "Prediction", "performance",
           "Performance", "calibration_table", "CalibrationRow", "oe_interval", "observed_expected", "GroupOE",
           "compare_models", "ModelChange", "StandardizedRate", "Profile", "ProviderResult", "funnel_limits",
           "funnel_assess", "FunnelAssessment", "peer_groups", "peer_compare", "PeerComparison", "disparity_rates",
           "Disparities", "DisparityRow", "allocate_budget", "Allocation", "fairness_by_group", "FairnessRow",
           "fairness_summary", "FairnessSummary", "fairness_compare", "Contract", "Ledger", "Settlement",
           "ExplanationLine", "percentile", "incentive_margins", "incentive_choice", "IncentiveChoice",
           "cms_years", "cms_parameter", "mssp_contract", "mssp_settle", "mssp_settle_acos", "mssp_generated", "MSSP_TRACKS",
           "MSSP_TERMS", "MSSP_ENROLLMENT", "mssp_benchmark_blend", "mssp_benchmark_year_weights",
           "mssp_benchmark_historical", "mssp_benchmark_regional", "mssp_benchmark_risk_ratio",
           "mssp_benchmark_risk_ratio_continuity", "mssp_benchmark_update",
           "bpci_discount", "bpci_target_price", "BpciTargetPrice", "bpci_winsorize", "Winsorized",
           "bpci_reconcile", "aca_risk_corridor", "aca_risk_corridor_settle", "hvbp", "mips_adjustment",
           "mips_components", "MipsComponents", "mips_published_scaling", "hrrp", "settle_all", "BookSettlement"]
