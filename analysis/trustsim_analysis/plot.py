"""Compare runs: trust in managers, psychological safety, engagement and performance over weeks.

The figure is drawn on an explicit Agg canvas, not through pyplot. So the function works without a
display, and it does not change the backend of an interactive session (Jupyter, IPython) that
imports it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .load import open_run

#: (metric under /org, panel title, y-axis quantity, units used when the file has none).
PANELS = (
    ("trust_in_manager", "Trust in managers", "mean trust in own manager", "1"),
    ("psychological_safety", "Psychological safety", "mean psychological safety", "1"),
    ("engagement", "Engagement", "mean engagement", "1"),
    ("performance", "Performance", "mean performance", "1"),
)


def _mark_events(axes, runs) -> None:
    """Draws each week with scripted events as a dashed vertical line, named in the first panel.

    An event applies at the start of its week, before anything is measured, so the line sits half a
    week before that week's point. Events shared by several runs are drawn once; several events in
    one week share one line and one label ("week 52: replace leader x8").
    """
    by_week: dict[int, dict[tuple[str, str], None]] = {}
    for run in runs:
        for row in run.events.itertuples(index=False):
            by_week.setdefault(int(row.week), {}).setdefault((row.type, row.target), None)
    for week, events in sorted(by_week.items()):
        counts: dict[str, int] = {}
        for kind, _target in events:
            counts[kind] = counts.get(kind, 0) + 1
        label = f"week {week}: " + ", ".join(
            kind.replace("_", " ") + (f" x{n}" if n > 1 else f" ({next(t for k, t in events if k == kind)})")
            for kind, n in counts.items())
        for ax in axes:
            ax.axvline(week - 0.5, color="0.35", linestyle="--", linewidth=1)
        axes[0].annotate(label, xy=(week - 0.5, 0.0), xycoords=("data", "axes fraction"), xytext=(3, 3),
                         textcoords="offset points", rotation=90, va="bottom", ha="left", fontsize="x-small",
                         color="0.25")


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
