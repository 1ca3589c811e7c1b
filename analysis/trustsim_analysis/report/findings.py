"""Key findings in plain language, each with its 95 % confidence interval and what it is over.

Design note. A finding compares the groups of a RunSet on one outcome at one week (by default
the last week every run reached). The interval is across replicates when every compared group has
two runs or more (stats.t_interval, Welch for the difference); with a single run per group, the
only spread there is lies within the run, so the interval resamples its teams (cluster bootstrap
on the agent snapshot of that week), and the sentence says so. The first group is the reference;
each other group is compared with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..figures.common import KEY_OUTCOMES, quantity, unit_words
from ..stats import (
    Estimate,
    cluster_bootstrap_difference,
    cluster_bootstrap_mean,
    t_interval,
    welch_difference,
)


@dataclass
class Finding:
    """One outcome at one week: each group's estimate, the differences to the first group, and
    the sentence the report prints."""

    metric: str
    week: int
    estimates: dict[str, Estimate]
    differences: dict[str, Estimate] = field(default_factory=dict)
    sentence: str = ""


def last_common_week(runset) -> int:
    """The last week every run of the set reached."""
    return int(min(run.org.index.max() for run in runset.runs))


def _within_run(run, metric: str, week: int):
    """(values per person, team of each person) from the agent snapshot at `week`, or None."""
    if metric not in run.agent_snapshot_vars():
        return None
    steps = run.snapshot_steps("agents")
    if week not in steps:
        return None
    values = run.agent_snapshot(metric).loc[week].to_numpy(float)
    return values, run.agents["team"].to_numpy()


def _group_runs(runset) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for index, group in runset.design["group"].items():
        groups.setdefault(group, []).append(int(index))
    return groups


def _verdict(name: str, reference: str, diff: Estimate) -> str:
    if not np.isfinite(diff.low):
        return "no interval could be computed for the difference"
    if diff.low > 0:
        return f"higher under {name} than under {reference}"
    if diff.high < 0:
        return f"lower under {name} than under {reference}"
    return "no clear difference: the interval includes zero"


def compare_groups(runset, metric: str, week: int) -> Finding:
    """The finding for one metric at one week."""
    groups = _group_runs(runset)
    estimates, samples = {}, {}
    for group, runs in groups.items():
        if len(runs) >= 2:
            values = [runset.runs[i].org.loc[week, metric] if week in runset.runs[i].org.index
                      else np.nan for i in runs]
            estimates[group] = t_interval(values)
            samples[group] = values
            continue
        within = _within_run(runset.runs[runs[0]], metric, week)
        if within is None:
            org = runset.runs[runs[0]].org
            value = org.loc[week, metric] if week in org.index else np.nan
            estimates[group] = Estimate(float(value), np.nan, np.nan, 1,
                                        f"one run without an agent snapshot at week {week}")
        else:
            estimates[group] = cluster_bootstrap_mean(*within)
            samples[group] = within
    names = list(groups)
    finding = Finding(metric, week, estimates)
    reference = names[0]
    for name in names[1:]:
        a, b = samples.get(reference), samples.get(name)
        if a is None or b is None:
            finding.differences[name] = Estimate(estimates[name].mean - estimates[reference].mean,
                                                 np.nan, np.nan, 0, "no interval")
        elif isinstance(a, tuple) and isinstance(b, tuple):
            finding.differences[name] = cluster_bootstrap_difference(a, b)
        elif not isinstance(a, tuple) and not isinstance(b, tuple):
            finding.differences[name] = welch_difference(b, a)
        else:
            finding.differences[name] = Estimate(estimates[name].mean - estimates[reference].mean,
                                                 np.nan, np.nan, 0, "mixed bases, no interval")
    finding.sentence = _sentence(finding, names)
    return finding


def _sentence(f: Finding, names: Sequence[str]) -> str:
    what = quantity(f.metric)
    units = unit_words(f.metric)
    values = " vs ".join(f"{name} {f.estimates[name].format()}" for name in names)
    text = f"{what.capitalize()} at week {f.week} ({units}): {values}."
    for name in names[1:]:
        diff = f.differences[name]
        text += (f" {name} minus {names[0]}: {diff.format()}, "
                 f"{_verdict(name, names[0], diff)}.")
    bases = {e.basis for e in f.estimates.values()}
    text += " Intervals are over " + "; ".join(sorted(bases)) + "."
    return text


def run_findings(runset, week: int | None = None,
                 metrics: Sequence[str] = KEY_OUTCOMES) -> list[Finding]:
    """Findings for each metric the runs have, at `week` (default: the last common week)."""
    last = last_common_week(runset)
    if week is None:
        week = last
    elif week > last:
        raise ValueError(f"week {week} is past the last week every run reached ({last})")
    present = [m for m in metrics if all(m in run.org.columns for run in runset.runs)]
    return [compare_groups(runset, m, week) for m in present]
