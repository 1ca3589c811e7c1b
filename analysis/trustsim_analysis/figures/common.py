"""What every figure shares: the Agg canvas, axis labels in words, and panels that say why they
are empty.

Design note. Figures are drawn on an explicit Agg canvas, never through pyplot, so they work
without a display and leave an interactive session's backend alone. Axis labels name the quantity
and its unit in words ("trust in own manager (score from 0 to 1)"), not the file's terse unit
strings ("1"): `QUANTITIES` is the one table of how each series is called; a series it does not
know is labelled with its own name and the file's units. A panel with nothing to draw keeps its
place in the grid and says why it is empty, so a reader never mistakes a missing series for a
flat one.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

#: Series name -> (quantity in words, unit in words). Org, team and agent series share names.
QUANTITIES = {
    "trust_in_manager": ("trust in own manager", "score from 0 to 1"),
    "psychological_safety": ("psychological safety", "score from 0 to 1"),
    "engagement": ("engagement", "score from 0 to 1"),
    "performance": ("performance", "output units per week"),
    "felt_trust": ("felt trust", "score from 0 to 1"),
    "turnover_intent": ("turnover intent", "score from 0 to 1"),
    "reported_error_rate": ("errors reported", "share of all errors"),
    "voice_rate": ("ideas voiced", "share of all ideas"),
    "quit_rate": ("leavers", "share of staff per week"),
    "latent_errors": ("hidden errors", "errors per employee"),
    "manager_latent_cover": ("errors managers conceal", "errors per manager"),
    "decision_quality": ("decision quality", "score from 0 to 1"),
    "environment_state": ("state of the environment", "task-state units"),
    "intrateam_trust": ("trust within the team", "score from 0 to 1"),
    "psafe_agreement": ("agreement on psychological safety", "r_wg, 0 to 1"),
    "psafe_icc1": ("between-team share of psychological safety", "ICC(1), 0 to 1"),
    "learning_behaviour": ("learning behaviour", "acts per team per week"),
    "influence": ("informal influence", "PageRank x N, 1 = average person"),
    "depth": ("formal rank", "levels below the CEO"),
    "trust": ("trust", "score from 0 to 1"),
}
#: The four outcomes every comparison shows first.
KEY_OUTCOMES = ("trust_in_manager", "psychological_safety", "engagement", "performance")
#: Summary-column suffixes of a sweep (docs/sweeps.md, runs.csv).
SUMMARY_SUFFIXES = {"_mean": "mean of the last weeks", "_final": "at the last week"}


def quantity(name: str, file_units: str = "") -> str:
    """The quantity of a series in words ("trust in own manager"), for titles and legends."""
    for suffix in SUMMARY_SUFFIXES:
        if name.endswith(suffix) and name[:-len(suffix)] in QUANTITIES:
            return f"{QUANTITIES[name[:-len(suffix)]][0]}, {SUMMARY_SUFFIXES[suffix]}"
    return QUANTITIES.get(name, (name.replace("_", " "), file_units))[0]


def unit_words(name: str, file_units: str = "") -> str:
    """The unit of a series in words."""
    for suffix in SUMMARY_SUFFIXES:
        if name.endswith(suffix):
            name = name[:-len(suffix)]
    if name in QUANTITIES:
        return QUANTITIES[name][1]
    return {"1": "dimensionless", "": "no unit given"}.get(file_units, file_units)


def axis_label(name: str, file_units: str = "", prefix: str = "") -> str:
    """"mean trust in own manager (score from 0 to 1)"-style axis label; a long one breaks before
    the unit, so that it fits beside a panel."""
    text = f"{prefix} {quantity(name, file_units)}".strip()
    unit = f"({unit_words(name, file_units)})"
    return f"{text}\n{unit}" if len(text) + len(unit) > 44 else f"{text} {unit}"


WEEK_LABEL = "week of the run (weeks since the start)"


def new_figure(rows: int = 1, cols: int = 1, width: float = 6.0, height: float = 4.0,
               **subplots) -> tuple[Figure, list]:
    """A figure on its own Agg canvas and its axes as a flat list."""
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(rows, cols, squeeze=False, **subplots).ravel().tolist()
    return fig, axes


def empty_panel(ax, reason: str, title: str | None = None) -> None:
    """Marks a panel as empty: no ticks, and the reason written in the middle."""
    if title:
        ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(0.5, 0.5, "nothing to show:\n" + reason, ha="center", va="center", wrap=True,
            transform=ax.transAxes, fontsize="small", color="0.3")


def save(fig: Figure, path: str | os.PathLike, dpi: int = 100) -> Path:
    """Writes the figure (format from the suffix, e.g. .png or .svg); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=dpi)
    return path


def png_bytes(fig: Figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes (for embedding in HTML)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
