"""F1 — trust builds slowly and breaks quickly, the emergent test (model-spec.md (b));
docs/VALIDATION.md. The unit test (one breach outweighs one kept promise, and takes at least three
to undo) is the C++ test in tests/models/test_trust_facets.cpp."""

from __future__ import annotations

import numpy as np
import pytest
from designs import CONFIGS, run_design
from trustsim_analysis import facts

pytestmark = pytest.mark.validation

CROSSING_SEEDS = range(1, 6)


@pytest.fixture(scope="session")
def default_run(tmp_path_factory):
    """The spec's "default run": configs/demo.yaml as shipped (its /edge_sample: 1,000 edges)."""
    return run_design(tmp_path_factory.mktemp("default"), CONFIGS / "demo.yaml", [1])[0]


@pytest.fixture(scope="session")
def all_edge_runs(tmp_path_factory):
    """configs/demo.yaml with every edge (about 15,400) in /edge_sample, seeds 1–5."""
    return run_design(tmp_path_factory.mktemp("all_edges"), CONFIGS / "demo.yaml",
                      CROSSING_SEEDS, "output.edge_sample=100000")


def test_f1_weekly_trust_changes_are_negatively_skewed(default_run, record):
    """The weekly Δt_ij of the default run's 1,000 sampled edges (weeks 1–104, restarts left out,
    about 100,000 changes) have sample skewness < 0 with a 95 % bootstrap CI excluding 0. The
    bootstrap resamples whole edges (999 times), since an edge's weeks are not independent."""
    result = facts.trust_change_skewness(default_run)
    record("F1 skewness of weekly dt", result["skew"], "< 0, CI excludes 0")
    record("F1  skewness 95 % CI", f"{result['ci_low']:.2f} .. {result['ci_high']:.2f}", "(detail)")
    assert result["ci_high"] < 0, (f"skewness of weekly dt: measured {result['skew']:.2f}, 95 % CI "
                                   f"[{result['ci_low']:.2f}, {result['ci_high']:.2f}], band < 0")


@pytest.mark.slow
@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="missed: measured fall/rise median time 5.1 vs band <= 1/3; "
                          "see docs/VALIDATION.md")
def test_f1_trust_falls_faster_than_it_rises(all_edge_runs, record):
    """Median weeks for an edge to fall from 0.6 to 0.3 <= 1/3 of the median weeks to rise from
    0.3 to 0.6, over every edge of a default run; the medians over five seeds. A default run's
    1,000 sampled edges hold only a few falls, so the design samples every edge: about 60 falls
    and 200 rises per run (measured), enough that each run's median is stable and five seeds
    guard against one unusual run."""
    runs = [facts.crossing_times(path) for path in all_edge_runs]
    falls = np.array([r["fall_median"] for r in runs])
    rises = np.array([r["rise_median"] for r in runs])
    ratio = float(np.median(falls) / np.median(rises))
    record("F1 median fall / rise time", ratio, "<= 0.333")
    record("F1  median weeks 0.6->0.3 / 0.3->0.6", f"{np.median(falls):.0f} / {np.median(rises):.0f}",
           "(detail)")
    record("F1  episodes falls / rises", f"{sum(r['falls'] for r in runs)} / "
           f"{sum(r['rises'] for r in runs)}", "(detail)")
    assert ratio <= 1 / 3, (f"median fall time / median rise time: measured {ratio:.2f} "
                            f"({np.median(falls):.0f} vs {np.median(rises):.0f} weeks), band <= 1/3")
