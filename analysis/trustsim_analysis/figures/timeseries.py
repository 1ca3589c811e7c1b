"""Weekly series with 95 % confidence bands across replicates, one line per style or design point.

Design note. The input is a long frame with one row per (run, week) and a grouping column, as
`RunSet.org()` and `Sweep.org()` give. Each group's line is the mean over its runs; its band is
Student's t interval across those runs (stats.band), drawn only where a group has two runs or
more, and the legend says how many runs each line averages. A sweep's continuous factor is cut
into equal-width bins to make groups (`factor_groups`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..stats import band
from .common import KEY_OUTCOMES, WEEK_LABEL, axis_label, empty_panel, new_figure, quantity
from .events import mark_events


def plot_bands(org: pd.DataFrame, metrics: Sequence[str] = KEY_OUTCOMES, by: str = "group",
               units: dict | None = None, events: pd.DataFrame | None = None,
               title: str | None = None, ncols: int = 2):
    """One panel per metric: each group's mean over its runs and the 95 % CI band across them.

    A metric the frame lacks, or that is NaN throughout, gets a panel saying so."""
    units = units or {}
    rows = int(np.ceil(len(metrics) / ncols))
    fig, axes = new_figure(rows, ncols, width=5.5 * ncols, height=3.6 * rows + 0.4, sharex=True)
    groups = list(dict.fromkeys(org[by]))
    runs_per_group = org.groupby(by)["run"].nunique() if "run" in org else None
    for ax, metric in zip(axes, metrics):
        title_text = quantity(metric).capitalize()
        if metric not in org or not np.isfinite(org[metric].to_numpy(float)).any():
            empty_panel(ax, f"these runs have no '{metric}' series", title_text)
            continue
        bands = band(org, metric, by=by)
        for colour, group in enumerate(groups):
            rows_of = bands[bands[by] == group]
            n = int(runs_per_group[group]) if runs_per_group is not None else int(rows_of["n"].max())
            label = f"{group} ({n} run{'s' if n != 1 else ''})"
            ax.plot(rows_of["week"], rows_of["mean"], color=f"C{colour}", linewidth=1.6, label=label)
            if n >= 2:
                ax.fill_between(rows_of["week"], rows_of["low"], rows_of["high"], color=f"C{colour}",
                                alpha=0.25, linewidth=0)
        ax.set_title(title_text)
        ax.set_ylabel(axis_label(metric, units.get(metric, ""), prefix="mean"))
        ax.grid(True, alpha=0.3)
    for ax in axes[len(metrics):]:
        ax.set_visible(False)
    for ax in axes[max(0, len(metrics) - ncols):len(metrics)]:
        ax.set_xlabel(WEEK_LABEL)
        ax.tick_params(labelbottom=True)
    mark_events(axes[:len(metrics)], events)
    drawn = [ax for ax in axes if ax.get_legend_handles_labels()[0]]
    if drawn:
        drawn[0].legend(loc="best", fontsize="small",
                        title="shaded: 95 % CI across runs" if org.groupby(by)["run"].nunique().max() > 1
                        else None, title_fontsize="x-small")
    if title:
        fig.suptitle(title)
    return fig


def factor_groups(values: pd.Series, bins: int = 3, name: str | None = None) -> pd.Series:
    """A factor's values as group labels: the levels themselves for a list factor or a numeric
    one with at most `bins` distinct values, else `bins` equal-width ranges ("0.33–0.67")."""
    name = name or values.name
    distinct = values.dropna().unique()
    if not pd.api.types.is_numeric_dtype(values) or len(distinct) <= bins:
        return values.map(lambda v: f"{name} = {v:g}" if isinstance(v, (int, float, np.number))
                          else f"{name} = {v}")
    edges = np.linspace(values.min(), values.max(), bins + 1)
    cut = pd.cut(values, edges, include_lowest=True)
    return cut.map(lambda c: f"{name} {c.left:.3g} to {c.right:.3g}").astype(str)


def plot_sweep_bands(sweep, factor: str, metrics: Sequence[str] = KEY_OUTCOMES, bins: int = 3):
    """The sweep's weekly series grouped by one factor (its levels, or `bins` ranges)."""
    org = sweep.org(list(m for m in metrics if m in sweep.units))
    org = org[org["status"] == "ok"].copy()
    title = f"{sweep.attrs.get('sweep_name', 'sweep')}: runs grouped by {factor}"
    if org.empty:
        fig, (ax,) = new_figure(1, 1)
        empty_panel(ax, "no run of the sweep completed", title)
        return fig
    labels = factor_groups(sweep.manifest[factor], bins, factor)
    org["group"] = org["run"].map(labels)
    org["_order"] = org["run"].map(sweep.manifest[factor])
    org = org.sort_values(["_order", "run", "week"], kind="stable")
    return plot_bands(org, metrics, units=sweep.units, title=title)
