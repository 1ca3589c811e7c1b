"""The report of a sweep directory: the experiment, findings, sensitivity and response curves."""

from __future__ import annotations

import pandas as pd

from ..figures import (
    plot_heatmap,
    plot_response_grid,
    plot_sensitivity,
    plot_sweep_bands,
)
from ..runset import flatten_config
from ..sensitivity import sensitivity_from_sweep
from ..sweep import Sweep
from . import provenance
from .html_page import Page
from .scenario_words import scenario_in_words
from .sweep_findings import SWEEP_OUTPUTS, contrast_sentences, sensitivity_sentence


def _factor_words(sweep: Sweep) -> list[str]:
    out = []
    for entry in sweep.spec.get("factors") or []:
        name = entry.get("name", entry.get("path"))
        if "levels" in entry:
            how = "levels " + ", ".join(str(v) for v in entry["levels"])
        else:
            how = f"range {entry['range'][0]} to {entry['range'][1]}, {entry.get('distribution', 'uniform')}"
        label = name if name == entry.get("path") else f"{name} (scenario parameter {entry['path']})"
        out.append(f"{label}: {how}")
    if not out:  # a table design: the columns of its file
        out = [f"{name}: values from the design table" for name in sweep.factor_names]
    return out


def _experiment_words(sweep: Sweep) -> str:
    a = sweep.attrs
    fixed = sweep.spec.get("set") or {}
    text = (f"Sweep '{a.get('sweep_name')}': a {a.get('design')} design of {a.get('points')} points x "
            f"{a.get('replicates')} replicate{'s' if a.get('replicates', 1) != 1 else ''} = "
            f"{a.get('runs')} runs ({a.get('runs_ok')} completed, {a.get('runs_failed')} failed) of the "
            f"scenario {a.get('scenario_path')}")
    if fixed:
        text += " with " + ", ".join(f"{k} = {v}" for k, v in fixed.items()) + " in every run"
    text += (f". Summaries average the last {a.get('summary_last_weeks')} weeks of each run. "
             f"Master seed {a.get('master_seed')}.")
    return text


def _sensitivity_table(results) -> pd.DataFrame:
    frames = []
    for r in results:
        t = r.table.copy()
        t.insert(0, "output", r.output)
        frames.append(t)
    return pd.concat(frames, ignore_index=True)


def build_sweep_page(sweep: Sweep, title: str | None = None) -> Page:
    """The whole report of a sweep, as a Page."""
    name = sweep.attrs.get("sweep_name", sweep.directory.name)
    page = Page(title or f"trustsim sweep report: {name}", provenance.software_line())
    outputs = [o for o in SWEEP_OUTPUTS if o in sweep.summary.columns]

    page.heading("Experiment")
    page.paragraph(_experiment_words(sweep))
    page.bullets(_factor_words(sweep))
    base = flatten_config(sweep.attrs.get("scenario_yaml", ""))
    base.update(sweep.spec.get("set") or {})
    base.pop("description", None)  # the scenario file's own words describe it before `set:`
    page.paragraph("The scenario every run starts from: " + scenario_in_words(base))

    results = []
    if sweep.design in ("saltelli", "morris") and len(sweep.ok):
        results = [sensitivity_from_sweep(sweep, output) for output in outputs]
    page.heading("Key findings")
    if not len(sweep.ok):
        page.paragraph("No run of this sweep completed, so there is nothing to report; the "
                       "failed runs and their errors are listed below.")
    elif results:
        page.bullets([sensitivity_sentence(r) for r in results], css="findings")
    else:
        page.bullets([s for output in outputs for s in contrast_sentences(sweep, output)],
                     css="findings")

    if results:
        page.heading("Sensitivity")
        method = "Sobol indices (first order S1, Saltelli 2010; total ST, Jansen 1999)" \
            if results[0].method == "sobol" else "Morris elementary effects (μ*, μ, σ)"
        page.paragraph(f"{method} of the summary outputs, with 95 % bootstrap confidence "
                       "intervals; replicates of a design point are averaged first.")
        page.table(_sensitivity_table(results))
        page.figure(plot_sensitivity(results),
                    f"{method}: the bars are the estimates, the whiskers their 95 % intervals.")

    page.heading("Response curves")
    for output in outputs:
        page.figure(plot_response_grid(sweep, output),
                    f"{output}: each run is a dot; the line is the mean of the runs in each bin "
                    "of the factor and the band its 95 % CI. The other factors vary too, so a "
                    "curve is an average over them.")
    if len(sweep.factor_names) >= 2 and outputs:
        x, y = _two_leading(results, list(sweep.factor_names))
        page.figure(plot_heatmap(sweep, x, y, outputs[0]),
                    f"{outputs[0]} over {x} and {y}: the mean of the runs in each cell, with their "
                    "number.")
    if sweep.factor_names:
        lead = _two_leading(results, list(sweep.factor_names))[0]
        page.figure(plot_sweep_bands(sweep, lead),
                    f"The key outcomes week by week, runs grouped by {lead} (mean and 95 % CI "
                    "across the runs of each group).")

    failed = sweep.manifest[sweep.manifest["status"] != "ok"]
    if len(failed):
        page.heading("Failed runs")
        page.table(failed.reset_index()[["run", "point", "replicate", "error"]])

    page.heading("Provenance")
    page.table(provenance.sweep_table(sweep))
    page.details("The sweep file", sweep.attrs.get("sweep_yaml", ""))
    page.details(f"The scenario file ({sweep.attrs.get('scenario_path', '')})",
                 sweep.attrs.get("scenario_yaml", ""))
    return page


def _two_leading(results, factors: list[str]) -> tuple[str, str]:
    """The two factors with the largest index on the first output (else the first two)."""
    if results:
        column = "ST" if results[0].method == "sobol" else "mu_star"
        order = results[0].table.sort_values(column, ascending=False)["factor"].tolist()
        factors = order + [f for f in factors if f not in order]
    return factors[0], factors[1] if len(factors) > 1 else factors[0]
