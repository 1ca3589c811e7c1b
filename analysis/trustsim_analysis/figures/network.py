"""The trust network of one organisational unit: teams as clusters, edges coloured by trust.

Design note. A whole organisation's network is a hairball; one unit (a manager, the teams below
it, down to a size a page can show) is readable. The unit is the subtree of one manager. Its
people are placed team by team: the unit's head in the middle, the managers below it on an inner
ring, and each of their teams (a manager's direct reports) on a small circle just outside its
manager, so the clusters are the formal teams and any edge between clusters is a tie across
teams. Edges are
drawn with networkx, coloured by trust on a red-to-green scale fixed to [0, 1] (so two drawings
compare); managers are larger, with a black rim. Each direction of a tie is its own line, shifted
a little to its right, so i -> j and j -> i show side by side in their own colours (a tie is
rarely trusted the same both ways); one LineCollection draws them all, which keeps a unit of a
few hundred ties fast where one arrow patch per tie is not.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
from matplotlib import colormaps
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize

from ..load import Run
from .common import empty_panel, new_figure, unit_words

TRUST_COLOURS = colormaps["RdYlGn"]


def subtree(run: Run, head: int) -> np.ndarray:
    """The agent ids of `head` and everyone below it (ids are breadth first, so a walk down)."""
    parent = run.agents["parent"].to_numpy()
    members = [head]
    frontier = [head]
    while frontier:
        frontier = np.flatnonzero(np.isin(parent, frontier)).tolist()
        members += frontier
    return np.array(sorted(members))


def pick_unit(run: Run, max_people: int = 60) -> int:
    """The largest unit of at most `max_people` that holds at least two teams: its head's id.
    Falls back to the first manager below the CEO when no unit qualifies."""
    parent = run.agents["parent"].to_numpy()
    is_manager = run.agents["is_manager"].to_numpy().astype(np.int64)
    people = np.ones(len(parent), dtype=np.int64)
    teams = is_manager.copy()
    for agent in range(len(parent) - 1, 0, -1):  # children have larger ids than their manager
        people[parent[agent]] += people[agent]
        teams[parent[agent]] += teams[agent]
    fits = np.flatnonzero((teams >= 2) & (people <= max_people))
    if len(fits):
        return int(fits[np.argmax(people[fits])])
    managers = np.flatnonzero(is_manager)
    return int(managers[1] if len(managers) > 1 else managers[0])


def _layout(run: Run, members: np.ndarray, head: int) -> dict[int, tuple[float, float]]:
    """Head in the middle; the managers below it on an inner ring; each of their teams as a small
    circle just outside its manager; the head's other direct reports on the inner ring too."""
    team_of = run.agents["team"].to_numpy()
    leads = run.agents["leads_team"].to_numpy()
    inside = set(int(m) for m in members)
    manager_of_team = {int(leads[m]): int(m) for m in members if leads[m] >= 0}
    clusters: dict[int, list[int]] = {}
    inner: list[int] = []
    for agent in (int(m) for m in members if m != head):
        if leads[agent] >= 0 or team_of[agent] == leads[head]:
            inner.append(agent)  # a manager of the unit, or a direct report of its head
        else:
            clusters.setdefault(int(team_of[agent]), []).append(agent)
    count = max(len(inner), 1)
    largest = 0.35 + 0.09 * max((len(p) for p in clusters.values()), default=1)
    # Team centres far enough apart that neighbouring clusters keep a gap of one cluster radius.
    ring = max(3.0, 1.5 * largest / np.sin(np.pi / count)) if count > 1 else 3.0
    positions = {head: (0.0, 0.0)}
    angle_of = {}
    for i, agent in enumerate(inner):
        angle_of[agent] = 2 * np.pi * i / count
        positions[agent] = tuple(0.45 * ring * np.array([np.cos(angle_of[agent]),
                                                         np.sin(angle_of[agent])]))
    for team, people in sorted(clusters.items()):
        manager = manager_of_team.get(team)
        angle = angle_of.get(manager, 0.0) if manager in inside else 0.0
        centre = ring * np.array([np.cos(angle), np.sin(angle)])
        radius = 0.35 + 0.09 * len(people)
        for p, agent in enumerate(people):
            a = 2 * np.pi * p / len(people) + angle
            positions[agent] = tuple(centre + radius * np.array([np.cos(a), np.sin(a)]))
    return positions


def plot_unit_network(run: Run, head: int | None = None, step: int | None = None,
                      max_people: int = 60):
    """Draws the trust network among the people of the unit led by `head` (default: `pick_unit`)
    at the edge snapshot `step` (default: the last). A run without edge snapshots gets a panel
    saying so."""
    fig, (ax,) = new_figure(1, 1, width=7.5, height=6.8)
    ax.set_axis_off()
    try:
        steps = run.snapshot_steps("edges")
    except KeyError:
        steps = np.array([], dtype=int)
    if len(steps) == 0:
        empty_panel(ax, "the run has no edge snapshots (output.edge_snapshot_every: 0)",
                    "Trust network of one unit")
        return fig
    head = pick_unit(run, max_people) if head is None else int(head)
    members = subtree(run, head)
    edges = run.edges(step)
    inside = edges[edges["source"].isin(members) & edges["target"].isin(members)]
    week = int(steps[-1] if step is None else step)

    graph = nx.DiGraph()
    graph.add_nodes_from(int(m) for m in members)
    graph.add_weighted_edges_from(zip(inside["source"].astype(int), inside["target"].astype(int),
                                      inside["trust"].astype(float)), weight="trust")
    positions = _layout(run, members, head)
    team_of = run.agents["team"].to_numpy()
    is_manager = run.agents["is_manager"].to_numpy().astype(bool)
    order = list(graph.nodes)
    team_codes = {t: i for i, t in enumerate(sorted({int(team_of[n]) for n in order if n != head}))}
    colours = ["white" if n == head else f"C{team_codes[int(team_of[n])] % 10}" for n in order]
    norm = Normalize(0.0, 1.0)
    lines = LineCollection(_shifted_segments(graph, positions), cmap=TRUST_COLOURS, norm=norm,
                           linewidths=0.8, alpha=0.85)
    lines.set_array(np.array([graph.edges[e]["trust"] for e in graph.edges]))
    ax.add_collection(lines)
    nx.draw_networkx_nodes(graph, positions, ax=ax, nodelist=order, node_color=colours,
                           node_size=[160 if is_manager[n] else 60 for n in order],
                           edgecolors=["black" if is_manager[n] else "0.5" for n in order],
                           linewidths=[1.5 if is_manager[n] else 0.5 for n in order])
    bar = fig.colorbar(lines, ax=ax, shrink=0.7)
    bar.set_label(f"trust of the edge's source in its target ({unit_words('trust')})")
    ax.set_title(f"Trust network of the unit led by agent {head}: {len(members)} people in "
                 f"{len(team_codes)} teams, {len(inside):,} ties, week {week}\n"
                 "outer clusters are teams (colour), rimmed dots are managers, the centre is the head;\n"
                 "each direction of a tie is its own line, to the right of the other",
                 fontsize="small")
    return fig


def _shifted_segments(graph: nx.DiGraph, positions: dict, shift: float = 0.035) -> list:
    """Each edge's segment, moved `shift` to the right of its direction of travel."""
    segments = []
    for source, target in graph.edges:
        start, end = np.asarray(positions[source]), np.asarray(positions[target])
        along = end - start
        length = np.hypot(*along) or 1.0
        right = np.array([along[1], -along[0]]) / length * shift
        segments.append([start + right, end + right])
    return segments
