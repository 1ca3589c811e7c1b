"""Key findings of a sweep in plain language.

For a saltelli or morris sweep, the finding for an output names the factors that drive it, with
their indices and 95 % bootstrap intervals. For any other design, each factor's effect is told as
a contrast that needs no model: design points in the top third of a numeric factor's values
against those in the bottom third (Welch interval across points, replicates averaged first), or
the mean of each level of a list factor. The other factors vary within each third, so a contrast
is an average over them.
"""

from __future__ import annotations

import numpy as np

from ..figures.common import quantity
from ..sensitivity import SensitivityResult
from ..stats import t_interval, welch_difference

#: Summary outputs a sweep report analyses, when the sweep recorded them.
SWEEP_OUTPUTS = ("trust_in_manager_mean", "psychological_safety_mean", "performance_mean")
#: Below this total Sobol index a factor is called unimportant.
NEGLIGIBLE_TOTAL = 0.05
#: A Sobol interval wider than this (on the 0-to-1 scale) makes the report warn.
UNRELIABLE_WIDTH = 0.5


def sensitivity_sentence(result: SensitivityResult) -> str:
    t = result.table
    what = quantity(result.output).capitalize()
    if result.method == "sobol":
        order = t.sort_values("ST", ascending=False)
        lead = order.iloc[0]
        text = (f"{what} depends most on {lead['factor']}: total index ST {lead['ST']:.2f} "
                f"(95 % CI {lead['ST_low']:.2f} to {lead['ST_high']:.2f}), first-order S1 "
                f"{lead['S1']:.2f} ({lead['S1_low']:.2f} to {lead['S1_high']:.2f}).")
        others = order.iloc[1:]
        important = others[others["ST"] >= NEGLIGIBLE_TOTAL]
        if len(important):
            text += " Then " + "; ".join(f"{r['factor']} ST {r['ST']:.2f} ({r['ST_low']:.2f} to "
                                         f"{r['ST_high']:.2f})" for _, r in important.iterrows()) + "."
        small = others[others["ST"] < NEGLIGIBLE_TOTAL]
        if len(small):
            text += (" Hardly any of its variance is due to " + ", ".join(small["factor"])
                     + f" (ST below {NEGLIGIBLE_TOTAL}).")
        interaction = float((t["ST"] - t["S1"]).clip(lower=0).sum())
        text += (f" Interactions (the sum of ST − S1) account for about {interaction:.2f} of the "
                 "variance.")
        widest = float(max((t["ST_high"] - t["ST_low"]).max(), (t["S1_high"] - t["S1_low"]).max()))
        if widest > UNRELIABLE_WIDTH or t["ST"].max() > 1 + UNRELIABLE_WIDTH / 2:
            text += (f" Caution: intervals up to {widest:.2f} wide or indices above 1 mean these "
                     "estimates are dominated by sampling noise: run more base samples (N), or "
                     "replicates to average the runs' own randomness, before reading them.")
    else:
        order = t.sort_values("mu_star", ascending=False)
        text = f"{what} moves most with " + "; then ".join(
            f"{r['factor']} (μ* {r['mu_star']:.3g}, 95 % CI {r['mu_star_low']:.3g} to "
            f"{r['mu_star_high']:.3g}; σ {r['sigma']:.3g})" for _, r in order.iterrows()) + "."
        text += (" μ* is the mean absolute change of the output when a factor crosses its whole "
                 "range; a σ near μ* means the effect depends on the other factors.")
    text += f" From {result.used} {'base samples' if result.method == 'sobol' else 'trajectories'}."
    for note in result.notes:
        text += f" Note: {note}."
    return text


def contrast_sentences(sweep, output: str) -> list[str]:
    """One sentence per factor: its effect on `output` as a contrast across design points (the
    replicates of a point averaged first, since they share its factor values)."""
    runs = sweep.summary[sweep.summary["status"] == "ok"]
    runs = runs[np.isfinite(runs[output].to_numpy(float))]
    points = runs.groupby("point").agg({output: "mean", **{f: "first" for f in sweep.factor_names}})
    what = quantity(output).capitalize()
    out = []
    for factor in sweep.factor_names:
        values = points[factor]
        if sweep.is_numeric(factor) and values.nunique() > 2:
            low_cut, high_cut = values.quantile([1 / 3, 2 / 3])
            low, high = points[values <= low_cut], points[values >= high_cut]
            diff = welch_difference(high[output], low[output])
            verdict = ("higher" if diff.low > 0 else "lower" if diff.high < 0
                       else "not clearly different")
            out.append(f"{what}: {diff.format(3)} in the design points with {factor} in the top "
                       f"third of its values ({high[factor].min():.3g} to {high[factor].max():.3g}, "
                       f"{len(high)} points) against the bottom third ({low[factor].min():.3g} to "
                       f"{low[factor].max():.3g}, {len(low)} points): {verdict}.")
        else:
            parts = [f"{level}: {t_interval(points[values == level][output]).format(3)}"
                     for level in dict.fromkeys(values)]
            out.append(f"{what} by {factor}: " + "; ".join(parts)
                       + " (means across design points, 95 % CI).")
    return out
