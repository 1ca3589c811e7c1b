"""Informal influence against formal rank: who is trusted beyond their position.

Influence is the PageRank of the trust-weighted network times N (agent snapshots, `influence`,
with the influence module on): 1 is the average person. Formal rank is the depth in the
hierarchy (0 = the CEO). One box per (rank, group) shows the spread over people of the last
snapshot, pooled over a group's runs; in a strict hierarchy influence falls with depth, and
people who stand out above their rank's box are the informal leaders.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import FixedLocator, FormatStrFormatter, NullFormatter

from .common import axis_label, empty_panel, new_figure


def plot_influence_vs_rank(runset, week: int | None = None):
    """Box plots of influence by hierarchy depth, one colour per group, at the last agent
    snapshot at or before `week` (default: the last one)."""
    fig, (ax,) = new_figure(1, 1, width=8, height=4.6)
    title = "Informal influence against formal rank"
    data: dict[str, dict[int, list[np.ndarray]]] = {}
    weeks = set()
    for index, run in enumerate(runset.runs):
        if "influence" not in run.agent_snapshot_vars():
            continue
        steps = run.snapshot_steps("agents")
        eligible = steps if week is None else steps[steps <= week]
        if len(eligible) == 0:
            continue
        at = int(eligible[-1])
        weeks.add(at)
        influence = run.agent_snapshot("influence").loc[at].to_numpy(float)
        depth = run.agents["depth"].to_numpy()
        group = runset.design.loc[index, "group"]
        for d in np.unique(depth):
            data.setdefault(group, {}).setdefault(int(d), []).append(influence[depth == d])
    if not data:
        empty_panel(ax, "these runs have no influence snapshots (they were made with "
                    "modules.influence: false, or output.agent_snapshot_every: 0)", title)
        return fig
    groups = list(data)
    depths = sorted({d for g in data.values() for d in g})
    width = 0.8 / len(groups)
    for g, group in enumerate(groups):
        positions = [d + (g - (len(groups) - 1) / 2) * width for d in depths]
        values = [np.concatenate(data[group].get(d, [np.array([np.nan])])) for d in depths]
        values = [v[np.isfinite(v)] if np.isfinite(v).any() else np.array([np.nan]) for v in values]
        boxes = ax.boxplot(values, positions=positions, widths=width * 0.9, patch_artist=True,
                           showfliers=True, flierprops={"markersize": 2, "alpha": 0.4})
        for patch in boxes["boxes"]:
            patch.set_facecolor(f"C{g}")
            patch.set_alpha(0.55)
        ax.plot([], [], color=f"C{g}", linewidth=6, alpha=0.55, label=group)
    ax.axhline(1.0, color="0.4", linestyle=":", linewidth=1)
    ax.set_xticks(depths)
    ax.set_xticklabels(["CEO" if d == 0 else str(d) for d in depths])
    ax.set_xlabel(axis_label("depth"))
    ax.set_ylabel(axis_label("influence"))
    ax.set_yscale("log")
    # Influence is skewed (a few people hold many times the average), hence the log scale; plain
    # numbers on it read better than powers of ten.
    ax.yaxis.set_major_locator(FixedLocator([0.125, 0.25, 0.5, 1, 2, 4, 8, 16, 32]))
    ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_title(f"{title} ({', '.join(f'week {w}' for w in sorted(weeks))}; "
                 "dotted: the average person)")
    ax.grid(True, alpha=0.3, axis="y")
    ax.legend(fontsize="small")
    return fig
