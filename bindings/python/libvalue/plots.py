# SPDX-License-Identifier: GPL-3.0-or-later
"""Plots as the field draws them, with matplotlib (imported when first
used: `libvalue.plots` works without it until a plot is drawn).

Every function draws what libvalue computed (it calls the library for any
number it shows; only drawing coordinates are worked out here) and returns
the matplotlib Axes, so the plot can be styled further; pass ax= to draw
into an existing one.

=====================  ==================================================
ceac                   cost-effectiveness acceptability curves, CEAF marked
ce_plane               cost-effectiveness plane: draws, means, WTP line
evpi                   expected value of perfect information per WTP
expected_loss          expected-loss curves, the frontier of least loss
frontier               efficiency frontier, dominated/extendedly dominated
inb                    incremental net benefit against WTP
tornado                one-way sensitivity (tornado diagram)
markov_trace           state occupancy by cycle
km                     Kaplan-Meier curves, log-log bands, numbers at risk
funnel                 funnel plot: limits from near 0, outliers labelled
caterpillar            league chart of O/E or rates with intervals
waterfall              settlement waterfall from the explanation lines
=====================  ==================================================

>>> import libvalue, matplotlib
>>> matplotlib.use("Agg")
>>> curves = libvalue.psa_curves([[0, 1000], [0, 3000]], [[0, 0.1], [0, 0.1]], [0, 20000, 50000], ["usual", "new"])
>>> ax = libvalue.plots.ceac(curves)
>>> [t.get_text() for t in ax.get_legend().get_texts()]
['usual', 'new', 'CEAF (optimal strategy)']
"""

import math
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from ._support import EINVAL, InvalidArgumentError, install_hint, unknown_name

__all__ = ["ceac", "ce_plane", "evpi", "expected_loss", "frontier", "inb", "tornado", "markov_trace", "km", "funnel",
           "caterpillar", "waterfall", "plot_ceac", "plot_ce_plane", "plot_funnel"]

LOW_COLOUR = "tab:blue"    # tornado: the parameter at its low value
HIGH_COLOUR = "tab:red"    # tornado: the parameter at its high value
# funnel_assess() flags -2..2: inside, beyond the 95% limits, beyond the 99.8% limits
FLAG_COLOURS = ("0.45", "tab:orange", "tab:red")


def _flag_colour(flag: int) -> str:
    return FLAG_COLOURS[abs(flag)]


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError("libvalue.plots needs matplotlib: %s"
                          % install_hint("matplotlib", "python3-matplotlib", "plots")) from None
    return plt


def _ticker() -> Any:
    _pyplot()
    import matplotlib.ticker
    return matplotlib.ticker


def _axes(ax: Any) -> Any:
    if ax is not None:
        return ax
    plt = _pyplot()
    _, new = plt.subplots(figsize=(7, 4.8))
    return new


def _column(m: Any, j: int) -> List[float]:
    """Column j of a matrix result (numpy array or list of rows)."""
    return [float(r[j]) for r in m]


def _include_origin(ax: Any) -> None:
    """Widen the axis limits so that (0, 0) is inside, with a margin."""
    for get, put in ((ax.get_xlim, ax.set_xlim), (ax.get_ylim, ax.set_ylim)):
        lo, hi = get()
        lo, hi = min(lo, 0.0), max(hi, 0.0)
        pad = 0.05 * (hi - lo) if hi > lo else 1.0
        put(lo - pad if lo >= 0 else lo, hi + pad if hi <= 0 else hi)


# ---- PSA -----------------------------------------------------------------------
def ceac(curves: Any, ax: Any = None, names: Optional[Sequence[str]] = None) -> Any:
    """The CEAC of each strategy from psa_curves(), with the CEAF (the
    probability that the strategy with the highest expected net benefit
    is cost-effective) drawn over them.  Legend: the strategies (names, or
    the curves' own), then the CEAF.

    >>> c = libvalue.psa_curves([[0, 1000], [0, 3000]], [[0, 0.1], [0, 0.1]], [0, 20000, 50000], ["usual", "new"])
    >>> ceac(c).get_legend().get_texts()[-1].get_text()
    'CEAF (optimal strategy)'
    """
    ax = _axes(ax)
    lam = [float(v) for v in curves.lambdas]
    labels = list(names) if names is not None else list(curves.names)
    for j, name in enumerate(labels):
        ax.plot(lam, _column(curves.ceac, j), label=name, linewidth=1.5)
    ax.plot(lam, [float(v) for v in curves.ceaf_prob], color="black", linewidth=5, alpha=0.25, solid_capstyle="butt",
            label="CEAF (optimal strategy)")
    opt = [labels[int(k)] for k in curves.ceaf]
    for i in range(1, len(opt)):
        if opt[i] != opt[i - 1]:
            ax.axvline(lam[i], color="0.5", linestyle=":", linewidth=1)
            ax.annotate("%s from %s" % (opt[i], format(lam[i], ",g")), (lam[i], 0.0), xytext=(3, 4),
                        textcoords="offset points", fontsize=8, color="0.3", rotation=90, va="bottom")
    ax.set_xlim(lam[0], lam[-1])
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("willingness to pay per unit of effect")
    ax.set_ylabel("probability cost-effective")
    ax.set_title("Cost-effectiveness acceptability curves")
    ax.legend(loc="best", fontsize=8)
    return ax


def ce_plane(costs: Any, effects: Any, comparator: Union[int, str] = 0, names: Optional[Sequence[Any]] = None,
             wtp: Optional[float] = None, ax: Any = None, max_points: int = 2000) -> Any:
    """The cost-effectiveness plane of a PSA (costs, effects: one row per
    simulation, one column per strategy): each strategy's draws against
    the comparator (which is the origin, not drawn), its mean as a large
    point, the WTP line through the origin, and the origin always in
    view.  Legend: the strategies other than the comparator.

    >>> ax = ce_plane([[0, 100], [0, 300]], [[0, 0.1], [0, 0.2]], names=["usual", "new"], wtp=1000)
    >>> x0, x1 = ax.get_xlim(); y0, y1 = ax.get_ylim(); x0 < 0 < x1 and y0 < 0 < y1  # the origin in view
    True
    """
    from .evaluation.cea import _psa_pair, _strategy, psa_incremental, psa_summary
    _, _, j, labels = _psa_pair(costs, effects, names)
    k = _strategy(comparator, labels, "comparator")
    inc = psa_incremental(costs, effects, k, labels)
    mean_dc = psa_summary(inc.dcost, names=labels)
    mean_de = psa_summary(inc.deffect, names=labels)
    ax = _axes(ax)
    n = len(inc.dcost)
    step = max(1, n // max_points)
    for s in range(j):
        if s == k:
            continue
        colour = "C%d" % (s % 10)
        dc, de = _column(inc.dcost, s)[::step], _column(inc.deffect, s)[::step]
        ax.scatter(de, dc, s=5, alpha=0.3, color=colour, linewidths=0)
        ax.scatter([mean_de[s].mean], [mean_dc[s].mean], s=90, color=colour, edgecolors="black", zorder=4,
                   label=labels[s])
    ax.axhline(0, color="0.6", linewidth=0.8)
    ax.axvline(0, color="0.6", linewidth=0.8)
    _include_origin(ax)
    if wtp is not None:
        ax.axline((0.0, 0.0), slope=float(wtp), color="black", linestyle="--", linewidth=1)
        ax.annotate("WTP %s per unit of effect" % format(wtp, ",g"), xy=(0.02, 0.95), xycoords="axes fraction",
                    fontsize=8)
    ax.set_xlabel("incremental effect vs %s" % labels[k])
    ax.set_ylabel("incremental cost vs %s" % labels[k])
    ax.set_title("Cost-effectiveness plane")
    ax.legend(loc="lower right", fontsize=8)
    return ax


def evpi(curves: Any, ax: Any = None) -> Any:
    """The expected value of perfect information at each WTP (psa_curves()).

    >>> c = libvalue.psa_curves([[0, 1000], [0, 3000]], [[0, 0.1], [0, 0.1]], [0, 20000, 50000])
    >>> [float(y) for y in evpi(c).get_lines()[0].get_ydata()]
    [0.0, 500.0, 0.0]
    """
    ax = _axes(ax)
    lam = [float(v) for v in curves.lambdas]
    ax.plot(lam, [float(v) for v in curves.evpi], color="C0", linewidth=1.8, label="EVPI per person")
    ax.set_xlim(lam[0], lam[-1])
    ax.set_ylim(bottom=0)
    ax.set_xlabel("willingness to pay per unit of effect")
    ax.set_ylabel("EVPI (money per person)")
    ax.set_title("Expected value of perfect information")
    ax.legend(loc="best", fontsize=8)
    return ax


def expected_loss(curves: Any, ax: Any = None) -> Any:
    """Expected-loss curves (psa_curves().loss): the expected net benefit
    forgone by choosing each strategy, with the frontier of the strategy of
    least loss (the CEAF's, whose loss is the EVPI) drawn over them.

    >>> c = libvalue.psa_curves([[0, 1000], [0, 3000]], [[0, 0.1], [0, 0.1]], [0, 20000, 50000])
    >>> len(expected_loss(c).get_lines())  # one per strategy and the frontier
    3
    """
    ax = _axes(ax)
    lam = [float(v) for v in curves.lambdas]
    for j, name in enumerate(curves.names):
        ax.plot(lam, _column(curves.loss, j), label=name, linewidth=1.5)
    least = [float(curves.loss[i][int(curves.ceaf[i])]) for i in range(len(lam))]
    ax.plot(lam, least, color="black", linewidth=5, alpha=0.25, solid_capstyle="butt", label="frontier (least loss)")
    ax.set_xlim(lam[0], lam[-1])
    ax.set_ylim(bottom=0)
    ax.set_xlabel("willingness to pay per unit of effect")
    ax.set_ylabel("expected loss (money per person)")
    ax.set_title("Expected loss curves")
    ax.legend(loc="best", fontsize=8)
    return ax


def inb(costs: Any, effects: Any, lambdas: Sequence[float], comparator: Union[int, str] = 0,
        names: Optional[Sequence[Any]] = None, ax: Any = None) -> Any:
    """Incremental net benefit against the comparator, lambda x mean
    incremental effect - mean incremental cost, for each strategy over the
    WTP values (lambda > 0); where a line crosses 0 is its ICER.

    >>> ax = inb([[0, 1000], [0, 1000]], [[0, 0.1], [0, 0.1]], [5000, 10000, 20000])
    >>> [float(y) for y in ax.get_lines()[0].get_ydata()]  # 0.1 lambda - 1000: 0 at the ICER, 10,000
    [-500.0, 0.0, 1000.0]
    """
    from .evaluation.cea import _psa_pair, _strategy, net_benefit, psa_incremental, psa_summary
    _, _, j, labels = _psa_pair(costs, effects, names)
    k = _strategy(comparator, labels, "comparator")
    inc = psa_incremental(costs, effects, k, labels)
    dc = [r.mean for r in psa_summary(inc.dcost, names=labels)]
    de = [r.mean for r in psa_summary(inc.deffect, names=labels)]
    lam = [float(v) for v in lambdas if float(v) > 0]  # the library's net benefit takes lambda > 0
    if not lam:
        raise InvalidArgumentError(EINVAL, "lambdas has no value > 0")
    by_lambda = [net_benefit(dc, de, v).nmb for v in lam]
    ax = _axes(ax)
    for s in range(j):
        if s != k:
            ax.plot(lam, [float(row[s]) for row in by_lambda], label=labels[s], color="C%d" % (s % 10))
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xlim(0, lam[-1])
    ax.set_xlabel("willingness to pay per unit of effect")
    ax.set_ylabel("incremental net benefit vs %s" % labels[k])
    ax.set_title("Incremental net benefit")
    ax.legend(loc="best", fontsize=8)
    return ax


def frontier(rows: Sequence[Any], ax: Any = None) -> Any:
    """The efficiency frontier of libvalue.frontier() rows: strategies on
    the frontier joined in order of effect, dominated (D) and extendedly
    dominated (ED) strategies marked, every strategy labelled, ICERs on
    the frontier's segments.

    >>> rows = libvalue.frontier([0, 10000, 12000], [0, 1.0, 0.9], ["none", "A", "B"])
    >>> [t.get_text() for t in frontier(rows).get_legend().get_texts()]
    ['frontier', 'dominated']
    """
    ax = _axes(ax)
    nd = sorted([r for r in rows if r.status == "ND"], key=lambda r: r.effect)
    ax.plot([r.effect for r in nd], [r.cost for r in nd], "-o", color="C0", label="frontier", zorder=3)
    for r in nd[1:]:
        ax.annotate("ICER %s" % format(r.icer, ",.0f"), (r.effect, r.cost), xytext=(6, -12),
                    textcoords="offset points", fontsize=7, color="C0")
    for status, marker, colour, label in (("D", "x", "tab:red", "dominated"),
                                          ("ED", "^", "tab:orange", "extendedly dominated")):
        pts = [r for r in rows if r.status == status]
        if pts:
            ax.scatter([r.effect for r in pts], [r.cost for r in pts], marker=marker, s=60, color=colour,
                       label=label, zorder=4)
    for r in rows:
        ax.annotate(r.name, (r.effect, r.cost), xytext=(5, 5), textcoords="offset points", fontsize=8)
    ax.margins(0.08)
    ax.set_xlabel("effect")
    ax.set_ylabel("cost")
    ax.set_title("Efficiency frontier")
    ax.legend(loc="best", fontsize=8)
    return ax


def tornado(result: Any, ax: Any = None, low_colour: str = LOW_COLOUR, high_colour: str = HIGH_COLOUR) -> Any:
    """A tornado diagram of a oneway() result: for each parameter (widest
    range at the top) a bar from the base result to the result at its
    low value (low_colour) and one to the result at its high value
    (high_colour), each labelled with the parameter's value.

    >>> r = libvalue.oneway(lambda x: 2 * x[0] + x[1], [1, 1], [0, 0], [2, 3], ["a", "b"])
    >>> [t.get_text() for t in tornado(r).get_yticklabels()]  # the widest range on top
    ['b', 'a']
    """
    ax = _axes(ax)
    rows = list(result.rows)
    n = len(rows)
    base = float(result.base)
    for i, r in enumerate(rows):
        y = n - 1 - i
        for value, res, colour, label in ((r.low, r.result_low, low_colour, "parameter at its low value"),
                                          (r.high, r.result_high, high_colour, "parameter at its high value")):
            ax.fill_betweenx([y - 0.35, y + 0.35], base, res, color=colour, alpha=0.85,
                             label=label if i == 0 else None)
            ax.annotate("%g" % value, (res, y), xytext=(4 if res >= base else -4, 0), textcoords="offset points",
                        ha="left" if res >= base else "right", va="center", fontsize=8)
    ax.axvline(base, color="black", linewidth=1)
    ax.set_yticks(list(range(n)))
    ax.set_yticklabels([r.name for r in reversed(rows)])
    ax.set_ylim(-0.7, n - 0.3)
    lo, hi = ax.get_xlim()
    pad = 0.12 * (hi - lo)
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_xlabel("result (base %s)" % format(base, ",.6g"))
    ax.set_title("One-way sensitivity (tornado)")
    ax.legend(loc="lower right", fontsize=8)
    return ax


def markov_trace(trace: Any, ax: Any = None, states: Optional[Sequence[str]] = None) -> Any:
    """The Markov trace (MarkovModel.trace(), or a DataFrame of it): the
    share of the cohort in each state at each cycle.

    >>> m = libvalue.MarkovModel(2, cycles=3, state_names=["alive", "dead"])
    >>> ax = markov_trace(m.set_initial([1, 0]).set_transitions([[0.9, 0.1], [0, 1]]).trace())
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['alive', 'dead']
    """
    ax = _axes(ax)
    names = list(states) if states is not None else list(getattr(trace, "columns", None) or [])
    if hasattr(trace, "to_numpy"):
        trace = trace.to_numpy()
    width = len(trace[0]) if len(trace) else 0
    if len(names) != width:
        names = [str(s) for s in range(width)]
    cycles = list(range(len(trace)))
    for s in range(width):
        ax.plot(cycles, _column(trace, s), label=names[s], linewidth=1.6)
    ax.set_xlim(0, max(1, len(trace) - 1))
    ax.set_ylim(0, 1.02)
    ax.xaxis.set_major_locator(_ticker().MaxNLocator(integer=True))
    ax.set_xlabel("cycle")
    ax.set_ylabel("share of the cohort")
    ax.set_title("Markov trace")
    ax.legend(loc="best", fontsize=8)
    return ax


# ---- survival ------------------------------------------------------------------
def km(fit: Any, ax: Any = None, times: Optional[Sequence[float]] = None, ci: bool = True) -> Any:
    """Kaplan-Meier curves of a KaplanMeier fit: a step line per group from
    S(0) = 1, its log-log band (ci=True), a tick at each censoring, and the
    numbers at risk (KaplanMeier.at) under the axis at `times` (default:
    the x axis ticks).

    >>> f = libvalue.KaplanMeier(time=[1, 2, 2, 3, 4, 5], event=[1, 1, 0, 1, 0, 1])
    >>> ax = km(f, times=[0, 2, 4])
    >>> [t.get_text() for t in ax.texts]  # at risk at 0, 2, 4: 6, 5 (time >= 2), 2
    ['at risk', '6', '5', '2']
    """
    ax = _axes(ax)
    from matplotlib.transforms import blended_transform_factory
    labels = [str(g) for g in fit.groups]
    colours = []
    for g, label in zip(fit.groups, labels):
        t = fit.table(g)
        x = [0.0] + [float(v) for v in t["time"]]
        line = ax.step(x, [1.0] + [float(v) for v in t["surv"]], where="post", linewidth=1.6,
                       label=label if g is not None else "Kaplan-Meier")[0]
        colours.append(line.get_color())
        if ci:
            ax.fill_between(x, [1.0] + [float(v) for v in t["lower"]], [1.0] + [float(v) for v in t["upper"]],
                            step="post", alpha=0.15, color=line.get_color(), linewidth=0)
        cens = [(float(a), float(s)) for a, c, s in zip(t["time"], t["n_censor"], t["surv"]) if c > 0]
        if cens:
            ax.plot([a for a, _ in cens], [s for _, s in cens], "|", color=line.get_color(), markersize=7)
    ax.set_ylim(0, 1.02)
    ax.set_xlim(left=0)
    lo, hi = ax.get_xlim()
    at = list(times) if times is not None else [v for v in ax.get_xticks() if lo <= v <= hi]
    ax.set_xlim(lo, hi)
    under = blended_transform_factory(ax.transData, ax.transAxes)
    ax.text(-0.07, -0.16, "at risk", transform=ax.transAxes, ha="right", va="top", fontsize=8)
    for k, g in enumerate(fit.groups):
        if g is not None:
            ax.text(-0.07, -0.23 - 0.07 * k, labels[k], transform=ax.transAxes, ha="right", va="top", fontsize=8,
                    color=colours[k])
        for x_, n in zip(at, fit.at(at, g)["n_risk"]):
            ax.text(x_, -0.23 - 0.07 * k, format(float(n), "g"), transform=under, ha="center", va="top", fontsize=8,
                    color=colours[k])
    ax.set_xlabel("time")
    ax.set_ylabel("survival probability")
    ax.set_title("Kaplan-Meier")
    if len(fit.groups) > 1:
        ax.legend(loc="best", fontsize=8)
    return ax


# ---- provider comparison -------------------------------------------------------
_SIZE_LABEL = {"ratio": "expected (E)", "proportion": "denominator (n)", "proportion_wilson": "denominator (n)",
               "rate": "population"}
_VALUE_LABEL = {"ratio": "observed / expected", "proportion": "proportion", "proportion_wilson": "proportion",
                "rate": "rate"}


def _per_size(observed: Sequence[float], size: Sequence[float]) -> List[float]:
    """observed / size per provider, from the library (a profile whose
    expected values are the sizes: its O/E)."""
    from .risk.profiling import Profile
    n = len(size)
    with Profile(n) as p:
        p.add_counts(list(range(n)), observed, size, [1.0] * n)
        return [float(r.oe) for r in p.results()]


def _grid(top: float, kind: str, points: int) -> List[float]:
    """Sizes from near 0 to top (whole numbers for proportions)."""
    xs = [top * (k + 1) / points for k in range(points)]
    if kind.startswith("proportion"):
        xs = sorted({float(max(1, round(x))) for x in xs})
    return xs


def funnel(observed: Sequence[float], size: Sequence[float], kind: str = "ratio", target: float = 0.0,
           overdispersion: str = "none", labels: Optional[Sequence[Any]] = None,
           levels: Tuple[float, float] = (0.95, 0.998), winsor: float = 0.1, ax: Any = None, grid: int = 300) -> Any:
    """A funnel plot: each provider's observed/size against its size, the
    control limits at each level from near 0 to the largest size, the
    over-dispersion-adjusted limits too when overdispersion is
    'multiplicative' or 'additive', and the providers outside the limits
    (funnel_assess() flags) coloured and labelled.  target 0: the pooled
    value.

    >>> ax = funnel([8, 3, 10, 12], [4, 9, 10, 12], target=1.0, labels=["a", "b", "c", "d"])
    >>> float(ax.get_lines()[0].get_xdata()[0]) <= 0.12, sorted(t.get_text() for t in ax.texts)  # from near 0; a, b outside
    (True, ['a', 'b'])
    """
    from .risk.profiling import funnel_assess, funnel_limits
    size = [float(s) for s in size]
    observed = [float(o) for o in observed]
    names = [str(v) for v in labels] if labels is not None else [str(i) for i in range(len(size))]
    if len(names) != len(size):
        raise InvalidArgumentError(EINVAL, "labels has %d names for %d providers" % (len(names), len(size)))
    a = funnel_assess(observed, size, kind, target, overdispersion, winsor)
    theta = float(a.target)
    ys = _per_size(observed, size)
    xs = _grid(max(size), kind, grid)
    ax = _axes(ax)
    shown: List[float] = list(ys)
    small = min(size)
    adjusted = overdispersion != "none" and (a.phi > 1 if overdispersion == "multiplicative" else a.tau2 > 0)
    for level, style in zip(levels, ("--", "-")):
        lo, hi = funnel_limits(xs, kind, theta, level)
        colour = "0.55" if adjusted else "black"
        ax.plot(xs, [float(v) for v in lo], style, color=colour, linewidth=1,
                label="%g%% limits" % (100 * level))
        ax.plot(xs, [float(v) for v in hi], style, color=colour, linewidth=1)
        shown += [float(v) for x, v in zip(xs, lo) if x >= small]
        shown += [float(v) for x, v in zip(xs, hi) if x >= small]
        if adjusted:
            phi = float(a.phi) if overdispersion == "multiplicative" else 1.0
            tau2 = float(a.tau2) if overdispersion == "additive" else 0.0
            lo2, hi2 = funnel_limits(xs, kind, theta, level, phi, tau2)
            what = "phi %.3g" % phi if overdispersion == "multiplicative" else "tau2 %.3g" % tau2
            ax.plot(xs, [float(v) for v in lo2], style, color="tab:purple", linewidth=1.4,
                    label="%g%% limits, over-dispersed (%s)" % (100 * level, what))
            ax.plot(xs, [float(v) for v in hi2], style, color="tab:purple", linewidth=1.4)
            shown += [float(v) for x, v in zip(xs, lo2) if x >= small]
            shown += [float(v) for x, v in zip(xs, hi2) if x >= small]
    ax.axhline(theta, color="0.3", linewidth=1, label="target %.4g" % theta)
    flags = [int(f) for f in a.flags]
    colours = [_flag_colour(f) for f in flags]
    ax.scatter(size, ys, s=22, c=colours, zorder=4, edgecolors="black", linewidths=0.3)
    for x, y, f, name in zip(size, ys, flags, names):
        if f:
            ax.annotate(name, (x, y), xytext=(4, 4), textcoords="offset points", fontsize=8, color=_flag_colour(f))
    finite = [v for v in shown if math.isfinite(v)]
    lo_y, hi_y = min(finite), max(finite)
    pad = 0.08 * (hi_y - lo_y) if hi_y > lo_y else 0.1
    ax.set_ylim(max(0.0, lo_y - pad) if lo_y >= 0 else lo_y - pad, hi_y + pad)
    ax.set_xlim(0, max(size) * 1.03)
    ax.set_xlabel(_SIZE_LABEL.get(kind, "size"))
    ax.set_ylabel(_VALUE_LABEL.get(kind, "value"))
    ax.set_title("Funnel plot" + (" (over-dispersion: %s)" % overdispersion if adjusted else ""))
    ax.legend(loc="upper right", fontsize=7)
    return ax


def caterpillar(results: Sequence[Any], labels: Optional[Sequence[Any]] = None, value: Optional[str] = None,
                reference: float = 1.0, ax: Any = None) -> Any:
    """A league (caterpillar) chart: each provider's or group's estimate
    with its interval, sorted, against a reference line; intervals
    wholly above the reference red, wholly below blue.  results: rows
    with fields lower and upper and the estimate (value: 'oe' by default,
    or 'rate'), e.g. Profile.results(), observed_expected() or
    Profile.proportions() as (rate, lower, upper).

    >>> p = libvalue.Profile(2).add_counts([0, 1], [10, 30], [20.0, 20.0], [200, 200])
    >>> [t.get_text() for t in caterpillar(p.results(), ["north", "south"]).get_yticklabels()]  # by O/E
    ['north', 'south']
    """
    rows = list(results)
    if not rows:
        raise InvalidArgumentError(EINVAL, "results is empty")
    fields = getattr(rows[0], "_fields", ())
    field = value or ("oe" if "oe" in fields else "rate" if "rate" in fields else None)

    def est(r: Any) -> float:
        return float(getattr(r, field) if field else r[0])

    def bounds(r: Any) -> Tuple[float, float]:
        return (float(r.lower), float(r.upper)) if hasattr(r, "lower") else (float(r[1]), float(r[2]))

    names = [str(v) for v in labels] if labels is not None else [str(i) for i in range(len(rows))]
    if len(names) != len(rows):
        raise InvalidArgumentError(EINVAL, "labels has %d names for %d rows" % (len(names), len(rows)))
    order = sorted(range(len(rows)), key=lambda i: est(rows[i]))
    ax = _axes(ax)
    for y, i in enumerate(order):
        lo, hi = bounds(rows[i])
        colour = "tab:red" if lo > reference else "tab:blue" if hi < reference else "0.4"
        ax.hlines(y, lo, hi, color=colour, linewidth=1.6)
        ax.plot([est(rows[i])], [y], "o", color=colour, markersize=5)
    ax.axvline(reference, color="black", linestyle="--", linewidth=1)
    ax.set_yticks(list(range(len(order))))
    ax.set_yticklabels([names[i] for i in order], fontsize=7 if len(order) > 25 else 9)
    ax.set_xlabel({"oe": "observed / expected", "rate": "rate"}.get(field or "", "estimate") + " with interval")
    ax.set_title("League chart")
    return ax


# ---- payment -------------------------------------------------------------------
# Steps whose amount is a total (a bar from 0) and steps whose amount is a
# change to the running total (a floating bar); the other lines (rates,
# counts: program, records, msr, mlr, sharing, ...) are not money and are
# not drawn.  value.h documents the steps of value_settlement_line().
TOTAL_STEPS = ("benchmark", "target", "base", "capitation", "services", "savings", "shared", "cap",
               "reconciliation", "payment")
CHANGE_STEPS = ("reduction", "withhold", "adjustment", "quality")


def waterfall(settlement: Any, ax: Any = None, steps: Optional[Sequence[str]] = None,
              start: Optional[str] = None) -> Any:
    """A settlement waterfall from its explanation lines, in their order:
    totals (benchmark, savings, shared, cap, payment, ...) as bars from 0,
    changes (reduction, withhold, ...) as floating bars from the running
    total, each labelled with its amount.  steps: which steps to draw
    (default: every money step); start: begin at the first line of that
    step (start="savings" leaves out the benchmark, whose bar dwarfs the
    rest).

    >>> c = libvalue.Contract("shared_savings", benchmark_per_capita=1000, sharing_rate=0.5, msr=0.0)
    >>> ax = waterfall(c.settle_totals(100, 1200, 1.0, 90000))
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['benchmark', 'savings', 'shared', 'payment']
    """
    lines = list(getattr(settlement, "lines", settlement))
    wanted = tuple(steps) if steps is not None else TOTAL_STEPS + CHANGE_STEPS
    if start is not None:
        at = [i for i, ln in enumerate(lines) if ln.step == start]
        if not at:
            raise unknown_name("step", start, [ln.step for ln in lines])
        lines = lines[at[0]:]
    drawn = [ln for ln in lines if ln.step in wanted]
    if not drawn:
        raise InvalidArgumentError(EINVAL, "the settlement has no lines to draw (steps %s)" % ", ".join(wanted))
    ax = _axes(ax)
    running = 0.0
    previous: Optional[float] = None
    for i, ln in enumerate(drawn):
        amount = float(ln.amount)
        if ln.step in CHANGE_STEPS:
            colour = "tab:red" if amount < 0 else "tab:green"
            ax.bar(i, amount, bottom=running, color=colour, edgecolor="black", linewidth=0.5)
            running += amount  # the running total places the next floating bar
            top = running if amount >= 0 else running - amount
        else:
            colour = "tab:blue" if ln.step == "payment" else "0.6"
            ax.bar(i, amount, bottom=0.0, color=colour, edgecolor="black", linewidth=0.5)
            running = amount
            top = max(amount, 0.0)
        level = running
        if previous is not None:  # a connector from the previous bar's level
            ax.plot([i - 1.4, i - 0.6], [previous, previous], color="0.3", linewidth=0.7, linestyle=":")
        previous = level
        below = ln.step not in CHANGE_STEPS and amount < 0  # a negative total: its label under the bar
        ax.annotate(format(amount, ",.0f"), (i, amount if below else top), xytext=(0, -3 if below else 3),
                    textcoords="offset points", ha="center", va="top" if below else "bottom", fontsize=7)
    ax.set_xticks(list(range(len(drawn))))
    ax.set_xticklabels([ln.step for ln in drawn], rotation=30, ha="right")
    ax.set_xlim(-0.6, len(drawn) - 0.4)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.yaxis.set_major_formatter(_pyplot().FuncFormatter(lambda v, _: format(v, ",.0f")))
    ax.set_ylabel("amount")
    ax.set_title("Settlement waterfall")
    return ax


# ---- the names of the first release (kept) -----------------------------------
def plot_ceac(curves: Any, names: Optional[Sequence[str]] = None, ax: Any = None) -> Any:
    """Same as ceac().

    >>> c = libvalue.psa_curves([[0, 1000]], [[0, 0.1]], [0, 20000])
    >>> [t.get_text() for t in plot_ceac(c, ["old", "new"]).get_legend().get_texts()][:2]
    ['old', 'new']
    """
    return ceac(curves, ax, names)


def plot_ce_plane(dcost: Any, deffect: Any, names: Optional[Sequence[str]] = None, ax: Any = None,
                  wtp: Optional[float] = None) -> Any:
    """Scatter incremental effects against incremental costs (rows per
    simulation, from psa_incremental()); prefer ce_plane().

    >>> inc = libvalue.psa_incremental([[0, 100], [0, 300]], [[0, 0.1], [0, 0.2]])
    >>> len(plot_ce_plane(inc.dcost, inc.deffect).collections)
    2
    """
    ax = _axes(ax)
    n = len(dcost[0])
    labels = list(names) if names is not None else [str(j) for j in range(n)]
    for j in range(n):
        ax.scatter(_column(deffect, j), _column(dcost, j), s=4, label=labels[j])
    if wtp is not None:
        ax.axline((0.0, 0.0), slope=float(wtp), color="black", linestyle="--", linewidth=1)
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.axvline(0, color="grey", linewidth=0.5)
    _include_origin(ax)
    ax.set_xlabel("incremental effect")
    ax.set_ylabel("incremental cost")
    ax.legend()
    return ax


def plot_funnel(observed: Sequence[float], size: Sequence[float], kind: str = "ratio", target: float = 1.0,
                levels: Tuple[float, float] = (0.95, 0.998), labels: Optional[Sequence[Any]] = None, ax: Any = None,
                grid: int = 200, phi: float = 1.0, tau2: float = 0.0) -> Any:
    """Same as funnel() (phi and tau2: ignored; funnel() estimates them).

    >>> len(plot_funnel([8, 3], [4, 9]).get_lines())  # two levels, lower and upper, and the target
    5
    """
    return funnel(observed, size, kind, target, "none", labels, levels, ax=ax, grid=grid)
