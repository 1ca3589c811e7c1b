"""The calibration (analysis/calibrate.py, trustsim_analysis.calibration; docs/CALIBRATION.md):
its objective and surrogate on constructed cases with known answers, the vectorised F1 crossing
times against a hand-counted trajectory, and the script end to end on a tiny sweep with the
binary under test (TRUSTSIM_BIN)."""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from trustsim_analysis import calibration, facts
from trustsim_cli import BIN, ROOT

PYTHON = "/usr/bin/python3"
SCRIPT = ROOT / "analysis" / "calibrate.py"


def test_penalties_are_misses_in_units_of_the_band_half_width():
    two = calibration.Moment("x", 0.5, 0.15)
    assert two.penalty(0.65) == pytest.approx(1.0)
    assert two.penalty(0.35) == pytest.approx(-1.0)
    floor = calibration.Moment("y", 0.3, 0.15, kind="at_least")
    assert floor.penalty(0.9) == 0.0 and floor.penalty(0.15) == pytest.approx(1.0)
    ceiling = calibration.Moment("z", 0.0, 1.0, kind="at_most")
    assert ceiling.penalty(-3.0) == 0.0 and ceiling.penalty(2.0) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="unknown kind"):
        calibration.Moment("w", 0, 1, kind="sideways").penalty(0)


def test_objective_sums_weighted_squared_misses_and_skips_nan():
    at_target = {m.name: m.target for m in calibration.MOMENTS}
    assert calibration.objective(at_target) == 0.0
    # Every two-sided moment one band half-width off, bounds met: Q = number of two-sided moments.
    off = {m.name: (m.target + m.scale if m.kind == "two-sided" else m.target)
           for m in calibration.MOMENTS}
    two_sided = sum(m.weight for m in calibration.MOMENTS if m.kind == "two-sided")
    assert calibration.objective(off) == pytest.approx(two_sided)
    off["r_trust_engagement"] = float("nan")
    assert calibration.objective(off) == pytest.approx(two_sided - 1)


def test_the_surrogate_recovers_a_quadratic_and_the_fit_finds_its_optimum():
    """Moments that are exact quadratics of two factors: the fit must land on the point where
    every two-sided moment is at its target, and the bootstrap must be tight around it."""
    rng = np.random.default_rng(1)
    factors = [calibration.Factor("a.x", "x", 0.0, 2.0), calibration.Factor("a.y", "y", 1.0, 100.0,
                                                                            "loguniform")]
    points = 40
    x = rng.uniform(0, 2, points)
    y = np.exp(rng.uniform(0, math.log(100), points))
    uy = np.log(y) / math.log(100)
    design = pd.DataFrame({"x": x, "y": y, "point": np.arange(points)})
    # The optimum: x = 0.8 (u 0.4) and y = 10 (u 0.5).
    table = pd.DataFrame({m.name: m.target for m in calibration.MOMENTS}, index=range(points))
    table["r_trust_engagement"] = 0.51 + 0.3 * (x / 2 - 0.4) + 0.1 * (uy - 0.5) ** 2
    table["r_trust_turnover_intent"] = -0.40 - 0.2 * (uy - 0.5) + 0.05 * (x / 2 - 0.4) ** 2
    table["f1_log_fall_rise"] = np.nan        # a moment no run measured is left out, not a hit
    result = calibration.fit(factors, design, table, bootstrap=5)
    assert np.isnan(result.predicted["f1_log_fall_rise"])
    assert result.values["a.x"] == pytest.approx(0.8, abs=1e-3)
    assert result.values["a.y"] == pytest.approx(10.0, rel=1e-2)
    assert result.objective == pytest.approx(0.0, abs=1e-6)
    assert result.surrogate.r2["r_trust_engagement"] == pytest.approx(1.0, abs=1e-6)
    summary = result.summary()
    assert summary.loc["a.x", "sd"] < 1e-2 and list(summary.index) == ["a.x", "a.y"]
    held = calibration.fit(factors, design, table, bootstrap=0, fixed={"y": 100.0})
    assert held.values["a.y"] == pytest.approx(100.0)
    with pytest.raises(ValueError, match="outside the factor's range"):
        calibration.fit(factors, design, table, bootstrap=0, fixed={"y": 1000.0})


def test_crossing_episodes_count_falls_and_rises_within_stretches():
    """Edge 0: high at week 0, low at 3 (a fall of 3 weeks), high again at 5 (a rise of 2). Edge
    1: high at 0, restarted before week 2, low at 3: no fall, the restart cuts it. Edge 2 falls
    from week 1 to 4, with a NaN after it."""
    level = np.array([[0.7, 0.7, 0.5],
                      [0.5, 0.5, 0.6],
                      [0.4, 0.5, 0.5],
                      [0.2, 0.2, 0.4],
                      [0.4, 0.5, 0.3],
                      [0.6, 0.5, np.nan]])
    restarted = np.zeros((5, 3), bool)
    restarted[1, 1] = True                                  # the change into week 2 of edge 1
    falls, rises = facts.crossing_episodes({"level": level, "restarted": restarted})
    assert sorted(falls.tolist()) == [3, 3] and rises.tolist() == [2]


def test_configs_calibration_sweep_is_a_valid_plan():
    result = subprocess.run([BIN, "sweep", str(ROOT / "configs" / "sweeps" / "calibration.yaml"),
                             "--dry-run"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "120 points x 2 replicates = 240 runs" in result.stderr + result.stdout


def tiny_sweep(directory: Path) -> Path:
    """Two factors, four points of a 300-agent mixed organisation."""
    text = (ROOT / "configs" / "sweeps" / "calibration.yaml").read_text()
    text = text.replace("scenario: ../mixed.yaml", f"scenario: {ROOT / 'configs' / 'mixed.yaml'}")
    text = text.replace("set:\n", "set:\n  organisation.agents: 300\n", 1)
    text = text.replace("samples: 120", "samples: 4").replace("replicates: 2", "replicates: 1")
    head, _, rest = text.partition("factors:\n")
    factors = [line for line in rest.splitlines(keepends=True) if "name: b1," in line
               or "name: sigma_o," in line]
    tail = rest[rest.index("summary:"):]
    path = directory / "tiny.yaml"
    path.write_text(head + "factors:\n" + "".join(factors) + tail)
    return path


def test_calibrate_runs_end_to_end_on_a_tiny_sweep(tmp_path):
    sweep = tiny_sweep(tmp_path)
    out = tmp_path / "out"
    result = subprocess.run([PYTHON, str(SCRIPT), str(sweep), "-o", str(out), "--bin", BIN,
                             "--bootstrap", "3", "--confirm", "1"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "calibrated 2 parameters on 4 runs (4 points)" in result.stdout
    assert "measuring moments: 4/4" in result.stderr and "bootstrap: 3/3" in result.stderr
    written = json.loads((out / "calibrated.json").read_text())
    assert set(written["parameters"]) == {"outcomes.engagement_trust", "outcomes.outside_option_sd"}
    b1 = written["parameters"]["outcomes.engagement_trust"]
    assert 0.5 <= b1["fitted"] <= 3 and b1["lo"] == 0.5 and b1["hi"] == 3
    assert set(written["predicted_moments"]) == set(calibration.MOMENT_NAMES)
    confirmed = written["confirmation"]["mean"]
    assert set(confirmed) == {"before", "after"}
    assert -1 < confirmed["before"]["r_trust_engagement"] < 1
    moments = pd.read_csv(out / "moments.csv", index_col="run")
    assert len(moments) == 4 and moments["annual_turnover"].between(0, 1).all()
    # A second call reuses the sweep (the runner finds every run recorded) and the cached
    # moments, and fits exactly what the first call fitted.
    refit = subprocess.run([PYTHON, str(SCRIPT), str(sweep), "-o", str(out), "--bin", BIN,
                            "--bootstrap", "3", "--write", str(tmp_path / "refit.json")],
                           capture_output=True, text=True)
    assert refit.returncode == 0, refit.stderr
    assert "4 recorded before, ran 0" in refit.stderr and "measuring" not in refit.stderr
    assert json.loads((tmp_path / "refit.json").read_text())["parameters"] == written["parameters"]
    again = subprocess.run([PYTHON, str(SCRIPT), str(sweep), "-o", str(out), "--bin", BIN,
                            "--bootstrap", "0", "--fix", "sigma_o=0.5", "--write",
                            str(tmp_path / "held.json")], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    held = json.loads((tmp_path / "held.json").read_text())
    assert held["parameters"]["outcomes.outside_option_sd"]["fitted"] == pytest.approx(0.5)
    # The directory holds this sweep's runs: another design's fit must not read them.
    other = tmp_path / "other.yaml"
    other.write_text(sweep.read_text().replace("seed: 12", "seed: 13"))
    refused = subprocess.run([PYTHON, str(SCRIPT), str(other), "-o", str(out), "--bin", BIN,
                              "--bootstrap", "0"], capture_output=True, text=True)
    assert refused.returncode == 2
    assert "holds a different sweep" in refused.stderr and f"error: the sweep in {out}" in refused.stderr


def test_calibrate_refuses_a_factor_it_does_not_know(tmp_path):
    sweep = tiny_sweep(tmp_path)
    result = subprocess.run([PYTHON, str(SCRIPT), str(sweep), "-o", str(tmp_path / "none"),
                             "--fix", "sigma=1"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "--fix sigma=1: not a factor of the sweep; factors: b1, sigma_o" in result.stderr
    assert not (tmp_path / "none").exists(), "nothing runs before the options are checked"


def test_calibrate_help_explains_the_method():
    result = subprocess.run([PYTHON, str(SCRIPT), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for words in ("simulated method of moments", "--confirm", "--fix", "calibrated.json"):
        assert words.lower() in result.stdout.lower()
