# SPDX-License-Identifier: GPL-3.0-or-later
"""matplotlib helpers for CEACs and cost-effectiveness planes.  They only
draw what libvalue computed; matplotlib is imported when first used."""

__all__ = ["plot_ceac", "plot_ce_plane"]


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
