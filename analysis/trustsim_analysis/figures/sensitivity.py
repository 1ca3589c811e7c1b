"""Bar charts of sensitivity indices: Sobol S1 and ST, or Morris μ* and σ, one panel per output."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .common import new_figure, quantity


def _bars(ax, names, values, lows, highs, offset, width, colour, label):
    positions = np.arange(len(names)) + offset
    values = np.asarray(values, float)
    errors = None
    if lows is not None:
        errors = np.vstack([np.clip(values - np.asarray(lows, float), 0, None),
                            np.clip(np.asarray(highs, float) - values, 0, None)])
    ax.barh(positions, values, height=width, xerr=errors, color=colour, alpha=0.8, label=label,
            error_kw={"elinewidth": 1, "capsize": 2})


def plot_sensitivity(results: Sequence):
    """One panel per SensitivityResult (all of one method). Sobol: S1 and ST with their 95 %
    bootstrap intervals; Morris: μ* with its interval and σ."""
    results = list(results)
    fig, axes = new_figure(1, len(results), width=4.6 * len(results), height=1.2 + 0.55 * max(
        len(r.table) for r in results), sharey=True)
    for ax, result in zip(axes, results):
        t = result.table
        names = t["factor"].tolist()
        if result.method == "sobol":
            _bars(ax, names, t["S1"], t["S1_low"], t["S1_high"], -0.2, 0.38, "C0", "first order S1")
            _bars(ax, names, t["ST"], t["ST_low"], t["ST_high"], 0.2, 0.38, "C1", "total ST")
            ax.set_xlabel("share of the output's variance (0 to 1)")
            ax.axvline(0, color="0.3", linewidth=0.8)
        else:
            _bars(ax, names, t["mu_star"], t["mu_star_low"], t["mu_star_high"], -0.2, 0.38, "C0",
                  "μ* (mean |effect|)")
            _bars(ax, names, t["sigma"], None, None, 0.2, 0.38, "C3", "σ (spread of effects)")
            ax.set_xlabel("change of the output per whole range of the factor\n"
                          "(output units, absolute)")
        ax.set_yticks(range(len(names)))
        ax.set_yticklabels(names)
        ax.invert_yaxis()
        ax.set_title(quantity(result.output).capitalize(), fontsize="medium")
        ax.grid(True, alpha=0.3, axis="x")
    axes[0].legend(fontsize="x-small", loc="lower right",
                   title="bars: 95 % bootstrap CI", title_fontsize="xx-small")
    return fig
