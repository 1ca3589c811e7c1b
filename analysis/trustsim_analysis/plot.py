"""Compare runs: trust in managers, psychological safety, engagement and performance over weeks.

The figure is drawn on an explicit Agg canvas, not through pyplot. So the function works without a
display, and it does not change the backend of an interactive session (Jupyter, IPython) that
imports it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .figures.events import mark_events
from .load import open_run

#: (metric under /org, panel title, y-axis quantity, units used when the file has none).
PANELS = (
    ("trust_in_manager", "Trust in managers", "mean trust in own manager", "1"),
    ("psychological_safety", "Psychological safety", "mean psychological safety", "1"),
    ("engagement", "Engagement", "mean engagement", "1"),
    ("performance", "Performance", "mean performance", "1"),
)


def _mark_events(axes, runs) -> None:
    """Marks the scripted events of all `runs` (figures/events.py draws them)."""
    mark_events(axes, pd.concat([run.events for run in runs], ignore_index=True))


def plot_runs(paths: Sequence[str | os.PathLike], labels: Sequence[str] | None = None,
              out_png: str | os.PathLike = "trustsim-runs.png") -> Path:
    """Draws a 2x2 figure with one line per run and writes it to `out_png`. Returns the PNG path.

    Scripted events of the runs (their /events tables) are marked with dashed vertical lines.

    `labels` defaults to each run's `scenario_name` attribute. Runs are opened with `open_run`, so
    missing, unfinished (`.partial`) and foreign files raise its errors before anything is drawn.
    """
    paths = list(paths)
    if not paths:
        raise ValueError("plot_runs needs at least one run file")
    runs = [open_run(p) for p in paths]
    if labels is None:
        labels = [run.scenario_name for run in runs]
    labels = list(labels)
    if len(labels) != len(runs):
        raise ValueError(f"got {len(labels)} labels for {len(runs)} runs")

    fig = Figure(figsize=(11, 8), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(2, 2, sharex=True).ravel()
    for ax, (metric, title, quantity, default_units) in zip(axes, PANELS):
        for run, label in zip(runs, labels):
            ax.plot(run.org.index, run.org[metric], label=label, linewidth=1.5)
        units = runs[0].units.get(metric) or default_units
        ax.set_title(title)
        ax.set_ylabel(f"{quantity} [{units}]")
        ax.grid(True, alpha=0.3)
    _mark_events(axes, runs)
    for ax in axes[2:]:
        ax.set_xlabel("week [step]")
    axes[0].legend(loc="best", fontsize="small")
    fig.suptitle("trustsim: " + ", ".join(labels) if len(labels) <= 4 else "trustsim runs")

    out = Path(out_png)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=100)
    return out
