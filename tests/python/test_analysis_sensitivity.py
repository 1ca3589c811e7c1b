"""Sobol and Morris estimators (sensitivity.py): against the Ishigami function's analytic indices
and a linear model's exact ones, and on sweeps the real CLI runs with the saltelli and morris
designs, whose layout the estimators must read as sweep/design/*.cpp writes it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis_support import TWO_FACTORS, WITH_STYLE, run_sweep
from trustsim_analysis.sensitivity import (
    morris_delta,
    morris_from_sweep,
    morris_indices,
    morris_unit_design,
    saltelli_unit_design,
    sobol_from_sweep,
    sobol_indices,
)
from trustsim_analysis.sweep import open_sweep

# Ishigami (a = 7, b = 0.1) on [-pi, pi]^3: V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2.
A, B = 7.0, 0.1
V = A ** 2 / 8 + B * np.pi ** 4 / 5 + B ** 2 * np.pi ** 8 / 18 + 0.5
V1 = 0.5 * (1 + B * np.pi ** 4 / 5) ** 2
V2 = A ** 2 / 8
V13 = B ** 2 * np.pi ** 8 * (1 / 18 - 1 / 50)
ISHIGAMI_S1 = np.array([V1, V2, 0.0]) / V
ISHIGAMI_ST = np.array([V1 + V13, V2, V13]) / V


def ishigami(u: np.ndarray) -> np.ndarray:
    x = -np.pi + 2 * np.pi * u
    return np.sin(x[:, 0]) + A * np.sin(x[:, 1]) ** 2 + B * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_ishigami_analytic_values_are_the_textbook_ones():
    np.testing.assert_allclose(ISHIGAMI_S1, [0.3139, 0.4424, 0.0], atol=1e-4)
    np.testing.assert_allclose(ISHIGAMI_ST, [0.5576, 0.4424, 0.2437], atol=1e-4)


def test_sobol_indices_of_ishigami_match_the_analytic_values():
    u, sample, matrix = saltelli_unit_design(4096, 3)
    result = sobol_indices(ishigami(u), sample, matrix, ["x1", "x2", "x3"], n_resamples=500)
    t = result.table
    np.testing.assert_allclose(t["S1"], ISHIGAMI_S1, atol=0.02)
    np.testing.assert_allclose(t["ST"], ISHIGAMI_ST, atol=0.02)
    for index, truth in (("S1", ISHIGAMI_S1), ("ST", ISHIGAMI_ST)):
        assert (t[f"{index}_low"] <= truth + 0.005).all() and (truth - 0.005 <= t[f"{index}_high"]).all()
        assert ((t[f"{index}_high"] - t[f"{index}_low"]) < 0.1).all()
    assert result.used == 4096 and result.dropped == 0


def test_sobol_indices_of_a_linear_model_are_its_variance_shares():
    coefficients = np.array([1.0, 2.0, -3.0, 0.0])
    u, sample, matrix = saltelli_unit_design(1024, 4)
    result = sobol_indices(u @ coefficients, sample, matrix, list("abcd"))
    share = coefficients ** 2 / (coefficients ** 2).sum()
    np.testing.assert_allclose(result.table["S1"], share, atol=0.02)
    np.testing.assert_allclose(result.table["ST"], share, atol=0.02)
    assert result.table.loc[3, "ST"] == pytest.approx(0.0, abs=1e-12)  # d never moves the output


def test_a_base_sample_with_a_missing_output_is_left_out_whole():
    u, sample, matrix = saltelli_unit_design(64, 2)
    y = u @ np.array([1.0, 1.0])
    y[7] = np.nan
    result = sobol_indices(y, sample, matrix, ["a", "b"], n_resamples=50)
    assert result.used == 63 and result.dropped == 1


def test_python_saltelli_layout_has_k_plus_2_rows_per_base_sample():
    u, sample, matrix = saltelli_unit_design(8, 3)
    assert u.shape == (40, 3)
    rows = u.reshape(8, 5, 3)
    for j in range(8):
        a, b = rows[j, 0], rows[j, 1]
        for i in range(3):
            expected = a.copy()
            expected[i] = b[i]
            np.testing.assert_array_equal(rows[j, 2 + i], expected)
    np.testing.assert_array_equal(rows[0, 0], [0.5, 0.5, 0.5])  # Sobol' point 1, as docs/sweeps.md says


def test_morris_indices_of_a_linear_model_are_its_coefficients():
    coefficients = np.array([1.0, -2.0, 0.5])
    u, trajectory, step, factor = morris_unit_design(12, 3, levels=4, seed=3)
    direction = np.ones(len(u))
    for row in np.flatnonzero(factor >= 0):
        direction[row] = np.sign(u[row, factor[row]] - u[row - 1, factor[row]])
    result = morris_indices(u @ coefficients, trajectory, step, factor, direction, list("abc"),
                            morris_delta(4))
    t = result.table
    np.testing.assert_allclose(t["mu"], coefficients, atol=1e-12)
    np.testing.assert_allclose(t["mu_star"], np.abs(coefficients), atol=1e-12)
    np.testing.assert_allclose(t["sigma"], 0.0, atol=1e-12)
    assert (t["effects"] == 12).all()


def test_morris_sigma_shows_an_interaction():
    u, trajectory, step, factor = morris_unit_design(40, 2, seed=1)
    direction = np.ones(len(u))
    for row in np.flatnonzero(factor >= 0):
        direction[row] = np.sign(u[row, factor[row]] - u[row - 1, factor[row]])
    result = morris_indices(u[:, 0] * u[:, 1], trajectory, step, factor, direction, ["a", "b"],
                            morris_delta(4))
    assert (result.table["sigma"] > 0.1).all()


# --- on sweeps the CLI runs: the estimators read the C++ layout -----------------------------

@pytest.fixture(scope="module")
def saltelli_sweep(tmp_path_factory):
    return open_sweep(run_sweep(tmp_path_factory.mktemp("saltelli"), "saltelli",
                                "{type: saltelli, samples: 128}", TWO_FACTORS, agents=30, steps=3))


@pytest.fixture(scope="module")
def morris_sweep(tmp_path_factory):
    return open_sweep(run_sweep(tmp_path_factory.mktemp("morris"), "morris",
                                "{type: morris, trajectories: 10, levels: 4}", WITH_STYLE,
                                agents=30, steps=3, replicates=2))


def _unit(values: pd.Series, lo: float, hi: float) -> np.ndarray:
    return (values.to_numpy(float) - lo) / (hi - lo)


def test_saltelli_sweep_points_are_the_python_design(saltelli_sweep):
    u, sample, matrix = saltelli_unit_design(128, 2)
    m = saltelli_sweep.manifest.sort_values("point")
    np.testing.assert_array_equal(m["saltelli_sample"], sample)
    np.testing.assert_array_equal(m["saltelli_matrix"], matrix)
    np.testing.assert_allclose(_unit(m["humility"], 0, 1), u[:, 0], atol=1e-12)
    np.testing.assert_allclose(_unit(m["trust.forgetting"], 0.95, 0.995), u[:, 1], atol=1e-9)


def test_sobol_from_a_sweep_recovers_a_known_output(saltelli_sweep):
    # Replace the simulated output by a known function of the factor values: the estimates must
    # then be the function's indices, which checks how the sweep's rows are read.
    sweep = saltelli_sweep
    m = sweep.manifest
    known = 2.0 * _unit(m["humility"], 0, 1) + 1.0 * _unit(m["trust.forgetting"], 0.95, 0.995)
    sweep.summary["known"] = known
    result = sobol_from_sweep(sweep, "known", n_resamples=200)
    np.testing.assert_allclose(result.table["S1"], [0.8, 0.2], atol=0.03)
    np.testing.assert_allclose(result.table["ST"], [0.8, 0.2], atol=0.03)
    real = sobol_from_sweep(sweep, "trust_in_manager_mean", n_resamples=200)
    assert real.table["factor"].tolist() == ["humility", "trust.forgetting"]
    assert np.isfinite(real.table[["S1", "ST", "ST_low", "ST_high"]].to_numpy()).all()
    with pytest.raises(KeyError, match="known:"):
        sobol_from_sweep(sweep, "no_such_output")


def test_morris_from_a_sweep_recovers_a_known_output(morris_sweep):
    sweep = morris_sweep
    m = sweep.manifest
    style = (m["leadership.style"] == "humble").to_numpy(float)
    sweep.summary["known"] = (3.0 * _unit(m["humility"], 0, 1)
                              - 1.0 * _unit(m["trust.forgetting"], 0.95, 0.995) + 0.5 * style)
    result = morris_from_sweep(sweep, "known", n_resamples=100)
    t = result.table.set_index("factor")
    assert t.loc["humility", "mu"] == pytest.approx(3.0)
    assert t.loc["trust.forgetting", "mu"] == pytest.approx(-1.0)
    assert t.loc["humility", "sigma"] == pytest.approx(0.0, abs=1e-9)
    # A list factor of two levels: crossing from infallible to humble adds 0.5 over a move of
    # 2/3 in u, so each effect is 0.5 / (2/3) = 0.75, with the sign of the move.
    assert t.loc["leadership.style", "mu_star"] == pytest.approx(0.75)
    assert result.used == 10 and (t["effects"] == 10).all()
    with pytest.raises(ValueError, match="saltelli design"):
        sobol_from_sweep(sweep, "known")
