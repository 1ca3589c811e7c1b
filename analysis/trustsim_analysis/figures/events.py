"""Scripted events (/events) as dashed vertical lines on weekly panels."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def event_labels(events: pd.DataFrame) -> dict[int, str]:
    """One label per week with events: "week 52: replace leader x8" or "week 30: scandal (unit 2)".

    Events shared by several runs (the same week, type and target) count once."""
    by_week: dict[int, dict[tuple[str, str], None]] = {}
    for row in events.itertuples(index=False):
        by_week.setdefault(int(row.week), {}).setdefault((row.type, row.target), None)
    labels = {}
    for week, found in sorted(by_week.items()):
        counts: dict[str, int] = {}
        for kind, _target in found:
            counts[kind] = counts.get(kind, 0) + 1
        labels[week] = f"week {week}: " + ", ".join(
            kind.replace("_", " ") + (f" x{n}" if n > 1
                                      else f" ({next(t for k, t in found if k == kind)})")
            for kind, n in counts.items())
    return labels


def mark_events(axes: Sequence, events: pd.DataFrame) -> None:
    """Draws each week with scripted events as a dashed line, named in the first panel.

    An event applies at the start of its week, before anything is measured, so the line sits
    half a week before that week's point."""
    if events is None or events.empty:
        return
    for week, label in event_labels(events).items():
        for ax in axes:
            ax.axvline(week - 0.5, color="0.35", linestyle="--", linewidth=1)
        axes[0].annotate(label, xy=(week - 0.5, 0.0), xycoords=("data", "axes fraction"),
                         xytext=(3, 3), textcoords="offset points", rotation=90, va="bottom",
                         ha="left", fontsize="x-small", color="0.25")
