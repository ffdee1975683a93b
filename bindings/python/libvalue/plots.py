# SPDX-License-Identifier: GPL-3.0-or-later
"""matplotlib helpers for CEACs, cost-effectiveness planes and funnel plots.  They only
draw what libvalue computed; matplotlib is imported when first used."""

__all__ = ["plot_ceac", "plot_ce_plane", "plot_funnel"]


def _axes(ax):
    if ax is not None:
        return ax
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError("libvalue.plots needs matplotlib (Debian: apt-get install python3-matplotlib)") from None
    return plt.gca()


def plot_ceac(curves, names=None, ax=None):
    """Draw the CEAC of each strategy from libvalue.psa_curves(); the CEAF
    is marked. Returns the axes."""
    ax = _axes(ax)
    n = len(curves.ceac[0])
    names = names or [str(j) for j in range(n)]
    for j in range(n):
        ax.plot(curves.lambdas, [row[j] for row in curves.ceac], label=names[j])
    ax.plot(curves.lambdas, curves.ceaf_prob, "k:", linewidth=3, label="frontier (CEAF)")
    ax.set_xlabel("willingness to pay per unit of effect")
    ax.set_ylabel("probability cost-effective")
    ax.set_ylim(0, 1)
    ax.legend()
    return ax


def plot_ce_plane(dcost, deffect, names=None, ax=None, wtp=None):
    """Scatter incremental effects against incremental costs (rows per
    simulation, from libvalue.psa_incremental()); wtp draws that threshold line."""
    ax = _axes(ax)
    n = len(dcost[0])
    names = names or [str(j) for j in range(n)]
    for j in range(n):
        ax.scatter([r[j] for r in deffect], [r[j] for r in dcost], s=4, label=names[j])
    if wtp is not None:
        xs = [min(r[j] for r in deffect for j in range(n)), max(r[j] for r in deffect for j in range(n))]
        ax.plot(xs, [wtp * x for x in xs], "k--", label="wtp %g" % wtp)
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.axvline(0, color="grey", linewidth=0.5)
    ax.set_xlabel("incremental effect")
    ax.set_ylabel("incremental cost")
    ax.legend()
    return ax


def plot_funnel(observed, size, kind="ratio", target=1.0, levels=(0.95, 0.998), labels=None, ax=None, grid=200,
                phi=1.0, tau2=0.0):
    """A funnel plot: each provider's observed/size against its size, with
    control limits from libvalue.funnel_limits() at each level over a grid
    of sizes.  Returns the axes."""
    from .risk.profiling import funnel_limits
    ax = _axes(ax)
    top = max(size)
    sizes = [top * (k + 1) / grid for k in range(grid)]
    for level, style in zip(levels, ("--", "-")):
        lo, hi = funnel_limits(sizes, kind, target, level, phi, tau2)
        ax.plot(sizes, lo, "k" + style, linewidth=1, label="%g%% limits" % (100 * level))
        ax.plot(sizes, hi, "k" + style, linewidth=1)
    ax.axhline(target, color="grey", linewidth=1)
    ax.scatter(size, [o / s for o, s in zip(observed, size)], s=12, zorder=3)
    if labels is not None:
        for o, s_, name in zip(observed, size, labels):
            ax.annotate(str(name), (s_, o / s_), fontsize=7)
    ax.set_xlabel({"ratio": "expected", "rate": "population"}.get(kind, "denominator"))
    ax.set_ylabel({"ratio": "observed / expected", "rate": "rate"}.get(kind, "proportion"))
    ax.legend()
    return ax
