"""The report of run files compared as groups (styles, scenarios, replicates)."""

from __future__ import annotations

import pandas as pd

from ..figures import (
    plot_bands,
    plot_distributions,
    plot_influence_vs_rank,
    plot_unit_network,
)
from ..figures.common import KEY_OUTCOMES
from ..runset import RunSet, flatten_config
from . import provenance
from .findings import run_findings
from .html_page import Page
from .scenario_words import difference_in_words, scenario_in_words

#: Further weekly series shown after the key outcomes, when the runs have them.
MORE_OUTCOMES = ("felt_trust", "turnover_intent", "reported_error_rate", "voice_rate")
#: Units drawn as networks: one per group, for this many groups at most.
NETWORK_GROUPS = 3


def _events(runset: RunSet) -> pd.DataFrame:
    events = runset.events()
    if events.empty:
        return events
    table = events[["group", "week", "type", "target", "detail"]].drop_duplicates()
    return table.sort_values(["week", "group"], kind="stable")


def build_run_page(runset: RunSet, title: str | None = None, week: int | None = None) -> Page:
    """The whole report of a RunSet, as a Page."""
    groups = runset.groups
    first_run = {g: runset.runs[int(runset.design.index[runset.design["group"] == g][0])]
                 for g in groups}
    title = title or "trustsim report: " + " vs ".join(groups)
    page = Page(title, f"{len(runset.runs)} run file{'s' if len(runset.runs) > 1 else ''}, "
                       f"{len(groups)} group{'s' if len(groups) > 1 else ''}. "
                       + provenance.software_line())

    page.heading("Scenario")
    counts = runset.design.groupby("group", sort=False).size()
    for group, run in first_run.items():
        events = run.events.to_dict("records")
        page.paragraph(f"{group}: " + scenario_in_words(flatten_config(run.config_yaml), events,
                                                         seed=counts[group] == 1))
    if len(groups) > 1:
        configs = {g: flatten_config(r.config_yaml) for g, r in first_run.items()}
        page.paragraph(difference_in_words(configs, runset.factor_names))
    page.paragraph("Runs per group: " + ", ".join(f"{g} {n}" for g, n in counts.items())
                   + ". A group's runs differ only in their random streams (seed or replicate).",
                   css="note")

    page.heading("Key findings")
    findings = run_findings(runset, week)
    page.bullets([f.sentence for f in findings], css="findings")
    if findings and all(len(runs) == 1 for runs in runset.design.groupby("group").groups.values()):
        page.paragraph("Each group is a single run, so these intervals show how much the "
                       "organisation-wide mean depends on which teams formed, not how much a "
                       "rerun would differ; run replicates (trustsim run --replicate N) and pass "
                       "them all for intervals across reruns.", css="note")

    page.heading("Events")
    events = _events(runset)
    if events.empty:
        page.paragraph("No scripted events in these scenarios.")
    else:
        page.paragraph("Dashed lines in the weekly figures mark these weeks; an event applies at "
                       "the start of its week.")
        page.table(events)

    page.heading("Figures")
    org = runset.org()
    units = runset.runs[0].units
    all_events = runset.events()
    page.figure(plot_bands(org, KEY_OUTCOMES, units=units, events=all_events),
                "The four key outcomes week by week: each group's mean over its runs; the shaded "
                "band is the 95 % confidence interval across runs (drawn for groups with two runs "
                "or more).")
    more = [m for m in MORE_OUTCOMES if m in org]
    if more:
        page.figure(plot_bands(org, more, units=units, events=all_events),
                    "Felt trust, turnover intent, and the shares of errors reported and ideas "
                    "voiced, week by week (mean and 95 % CI across runs).")
    page.figure(plot_distributions(runset, week),
                "How trust in managers is spread over people and psychological safety over "
                "teams (the dotted lines are the means).")
    for group in groups[:NETWORK_GROUPS]:
        page.figure(plot_unit_network(first_run[group]),
                    f"{group}: the trust network of one unit, teams as clusters, each tie coloured "
                    "by how much its source trusts its target.")
    page.figure(plot_influence_vs_rank(runset),
                "Informal influence (PageRank of the trust network, 1 = average person) against "
                "formal rank; points above a rank's box are people trusted beyond their position.")

    page.heading("Provenance")
    page.table(provenance.run_table(runset))
    for group, run in first_run.items():
        page.details(f"Complete resolved scenario of {group} ({run.path.name})", run.config_yaml)
    return page
