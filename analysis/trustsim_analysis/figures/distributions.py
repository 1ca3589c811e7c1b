"""How trust in managers spreads over people, and psychological safety over teams, at one week.

Means hide the shape that matters to a consultant: a style that leaves most people trusting and a
few very distrustful differs from one that leaves everyone lukewarm. Both panels pool the runs of
each group (replicates add people and teams, not weight), draw density histograms on the 0-to-1
scale, and mark each group's mean with a dotted line.
"""

from __future__ import annotations

import numpy as np

from .common import axis_label, empty_panel, new_figure

BINS = np.linspace(0.0, 1.0, 41)


def _snapshot_week(steps: np.ndarray, week: int | None) -> int | None:
    """The last snapshot week at or before `week` (the last one when None)."""
    eligible = steps if week is None else steps[steps <= week]
    return int(eligible[-1]) if len(eligible) else None


def _agent_values(runset, week):
    out = {}
    for index, run in enumerate(runset.runs):
        if "trust_in_manager" not in run.agent_snapshot_vars():
            continue
        at = _snapshot_week(run.snapshot_steps("agents"), week)
        if at is None:
            continue
        values = run.agent_snapshot("trust_in_manager").loc[at].to_numpy(float)
        out.setdefault(runset.design.loc[index, "group"], []).append((at, values[np.isfinite(values)]))
    return out


def _team_values(runset, week):
    out = {}
    for index, run in enumerate(runset.runs):
        try:
            frame = run.team("psychological_safety")
        except KeyError:
            continue
        at = int(frame.index[-1]) if week is None else int(week)
        if at not in frame.index:
            continue
        values = frame.loc[at].to_numpy(float)
        out.setdefault(runset.design.loc[index, "group"], []).append((at, values[np.isfinite(values)]))
    return out


def _histograms(ax, by_group: dict, what: str) -> str:
    weeks = set()
    for colour, group in enumerate(g for g in dict.fromkeys(by_group)):
        parts = by_group[group]
        values = np.concatenate([v for _, v in parts])
        weeks.update(w for w, _ in parts)
        ax.hist(values, bins=BINS, density=True, histtype="step", linewidth=1.6, color=f"C{colour}",
                label=f"{group} ({len(values):,} {what}, {len(parts)} run{'s' if len(parts) > 1 else ''})")
        ax.axvline(values.mean(), color=f"C{colour}", linestyle=":", linewidth=1.2)
    ax.set_ylabel("density (share per unit of the score)")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", fontsize="x-small")
    return ", ".join(f"week {w}" for w in sorted(weeks))


def _panel(ax, by_group: dict, what: str, series: str, prefix: str, title: str,
           empty_reason: str) -> None:
    if not by_group:
        empty_panel(ax, empty_reason, title)
        return
    when = _histograms(ax, by_group, what)
    ax.set_title(f"{title} ({when})")
    ax.set_xlabel(axis_label(series, prefix=prefix))
    ax.set_xlim(0, 1)


def plot_distributions(runset, week: int | None = None):
    """Two panels: trust of each employee in their manager (agent snapshots) and psychological
    safety of each team (team series), at `week` (default: each run's last snapshot / week)."""
    fig, (left, right) = new_figure(1, 2, width=11, height=4.2)
    _panel(left, _agent_values(runset, week), "people", "trust_in_manager", "each person's",
           "Trust in own manager across people",
           "these runs have no agent snapshots of trust_in_manager"
           + (f" at or before week {week}" if week else "") + " (output.agent_snapshot_every: 0?)")
    _panel(right, _team_values(runset, week), "teams", "psychological_safety", "each team's",
           "Psychological safety across teams",
           "these runs have no team series" + (f" at week {week}" if week else "")
           + " (output.team_series: false?)")
    return fig
