"""A sweep's outcome over its factors: response curves over one factor, heatmaps over two.

Design note. Sweep designs scatter points (lhs, random, saltelli, morris) or lay them on a grid.
Both figures bin a numeric factor into equal-width ranges (a factor with few distinct values,
such as a grid's, keeps its own values; a list factor keeps its levels), then summarise the runs
in each bin: the response curve shows the mean and its 95 % t interval across runs, with the
single runs faint behind it; the heatmap shows the mean per cell with the number of runs, and
leaves cells without runs blank, saying so. The output is a summary column of `runs.csv`
(`S_mean` or `S_final`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..stats import t_interval
from .common import axis_label, empty_panel, new_figure, quantity

DISTINCT_AS_LEVELS = 8


def binned(values: pd.Series, bins: int) -> tuple[pd.Series, list, list[str]]:
    """(bin of each value, bin keys in order, label per key). Numeric factors with more than
    DISTINCT_AS_LEVELS values are cut into `bins` equal-width ranges labelled by their centre."""
    distinct = sorted(values.dropna().unique(), key=lambda v: (str(type(v)), v))
    if not pd.api.types.is_numeric_dtype(values) or len(distinct) <= DISTINCT_AS_LEVELS:
        return values, distinct, [f"{v:.3g}" if isinstance(v, (float, np.floating)) else str(v)
                                  for v in distinct]
    edges = np.linspace(values.min(), values.max(), bins + 1)
    codes = pd.Series(np.clip(np.digitize(values, edges[1:-1]), 0, bins - 1), index=values.index)
    centres = (edges[:-1] + edges[1:]) / 2
    return codes, list(range(bins)), [f"{c:.3g}" for c in centres]


def _ok_runs(sweep, output: str) -> pd.DataFrame:
    if output not in sweep.summary.columns:
        raise KeyError(f"{sweep.directory}: no summary column {output!r}")
    frame = sweep.summary[sweep.summary["status"] == "ok"]
    return frame[np.isfinite(frame[output].to_numpy(float))]


def _single_panel(sweep, output: str, title: str, size: tuple[float, float]):
    """(figure, its one axes, the completed runs with a value); with no such run the panel
    already says so."""
    fig, (ax,) = new_figure(1, 1, width=size[0], height=size[1])
    runs = _ok_runs(sweep, output)
    if runs.empty:
        empty_panel(ax, f"no completed run has a value of {output}", title)
    return fig, ax, runs


def _output_units(sweep, output: str) -> str:
    for suffix in ("_mean", "_final"):
        if output.endswith(suffix):
            return sweep.units.get(output[:-len(suffix)], "")
    return ""


def _draw_response(ax, sweep, runs: pd.DataFrame, factor: str, output: str, by: str | None,
                   bins: int) -> None:
    codes, keys, labels = binned(runs[factor], bins)
    numeric_x = pd.api.types.is_numeric_dtype(runs[factor])
    if by is None:
        split = [(None, runs.index)]
    else:
        by_codes, by_keys, by_labels = binned(runs[by], 3)
        split = [(f"{by} {lab}", runs.index[by_codes == key]) for key, lab in zip(by_keys, by_labels)]
    for colour, (label, index) in enumerate(split):
        xs, means, lows, highs = [], [], [], []
        for position, key in enumerate(keys):
            values = runs.loc[index][codes.loc[index] == key][output]
            if len(values) == 0:
                continue
            e = t_interval(values.to_numpy())
            xs.append(float(labels[position]) if numeric_x else position)
            means.append(e.mean)
            lows.append(e.low)
            highs.append(e.high)
        if numeric_x:
            ax.scatter(runs.loc[index, factor], runs.loc[index, output], s=6, alpha=0.25,
                       color=f"C{colour}")
        ax.plot(xs, means, marker="o", color=f"C{colour}", label=label)
        ax.fill_between(xs, lows, highs, color=f"C{colour}", alpha=0.2, linewidth=0)
    if not numeric_x:
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels(labels)
    ax.set_xlabel(f"{factor} ({'value of the scenario parameter' if numeric_x else 'level'})")
    ax.set_ylabel(axis_label(output, _output_units(sweep, output)))
    ax.grid(True, alpha=0.3)
    if by is not None:
        ax.legend(fontsize="small")


def plot_response(sweep, factor: str, output: str, by: str | None = None, bins: int = 8):
    """The output's mean and 95 % CI over bins of `factor`; one line per level (or 3 ranges) of
    `by` when given. Raw runs are the faint dots."""
    title = f"{quantity(output).capitalize()} against {factor}"
    fig, ax, runs = _single_panel(sweep, output, title, (6.4, 4.3))
    if runs.empty:
        return fig
    _draw_response(ax, sweep, runs, factor, output, by, bins)
    ax.set_title(title + "\n(line: mean of the runs in each bin, shaded: 95 % CI)", fontsize="medium")
    return fig


def plot_response_grid(sweep, output: str, factors: list[str] | None = None, bins: int = 8,
                       ncols: int = 3):
    """Response curves of one output over each factor, one panel per factor."""
    factors = list(sweep.factor_names if factors is None else factors)
    rows = int(np.ceil(len(factors) / ncols))
    cols = min(ncols, len(factors))
    fig, axes = new_figure(rows, cols, width=4.6 * cols, height=3.6 * rows + 0.5, sharey=True)
    runs = _ok_runs(sweep, output)
    for ax, factor in zip(axes, factors):
        if runs.empty:
            empty_panel(ax, f"no completed run has a value of {output}", factor)
            continue
        _draw_response(ax, sweep, runs, factor, output, None, bins)
    for ax in axes[len(factors):]:
        ax.set_visible(False)
    for column, ax in enumerate(axes):
        if column % cols:
            ax.set_ylabel("")  # the panels of a row share their y axis and its label
    fig.suptitle(f"{quantity(output).capitalize()} against each factor", fontsize="medium")
    return fig


def plot_heatmap(sweep, x: str, y: str, output: str, bins: int = 5):
    """The output's mean in each cell of (x bins) x (y bins), with the run count per cell."""
    title = f"{quantity(output).capitalize()} over {x} and {y}"
    fig, ax, runs = _single_panel(sweep, output, title, (6.6, 5.0))
    if runs.empty:
        return fig
    x_codes, x_keys, x_labels = binned(runs[x], bins)
    y_codes, y_keys, y_labels = binned(runs[y], bins)
    means = np.full((len(y_keys), len(x_keys)), np.nan)
    counts = np.zeros_like(means, dtype=int)
    for i, yk in enumerate(y_keys):
        for j, xk in enumerate(x_keys):
            values = runs[(y_codes == yk) & (x_codes == xk)][output]
            counts[i, j] = len(values)
            if len(values):
                means[i, j] = values.mean()
    image = ax.imshow(means, origin="lower", aspect="auto", cmap="viridis")
    for i in range(len(y_keys)):
        for j in range(len(x_keys)):
            text = f"{means[i, j]:.2f}\nn={counts[i, j]}" if counts[i, j] else "no runs"
            ax.text(j, i, text, ha="center", va="center", fontsize="x-small",
                    color="white" if counts[i, j] else "0.4")
    ax.set_xticks(range(len(x_labels)))
    ax.set_xticklabels(x_labels, rotation=30)
    ax.set_yticks(range(len(y_labels)))
    ax.set_yticklabels(y_labels)
    ax.set_xlabel(f"{x} (bin centre or level)")
    ax.set_ylabel(f"{y} (bin centre or level)")
    bar = fig.colorbar(image, ax=ax)
    bar.set_label(axis_label(output, _output_units(sweep, output), prefix="mean"))
    ax.set_title(title, fontsize="medium")
    return fig
