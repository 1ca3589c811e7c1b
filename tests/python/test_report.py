"""`trustsim report`: the CLI subcommand, the self-contained HTML it writes for runs and sweeps,
its errors, and the page opened in headless Chromium (no script errors, every figure rendered, a
screenshot kept under the test's tmp dir)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis_support import TWO_FACTORS, WITH_STYLE, run_sweep, small_runs
from trustsim_cli import BIN

CHROMEDRIVER = "/usr/bin/chromedriver"


def report(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([BIN, "report", *map(str, args)], capture_output=True, text=True,
                          timeout=600, env=None if env is None else {**os.environ, **env})


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    return small_runs(tmp_path_factory.mktemp("report-runs"), replicates=3)


@pytest.fixture(scope="module")
def run_report(runs, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "styles.html"
    result = report(*runs["infallible"], *runs["humble"], "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    return out


def figure_count(page: str) -> int:
    return int(re.search(r'data-figures="(\d+)"', page).group(1))


def test_run_report_states_findings_with_intervals_across_replicates(run_report):
    page = run_report.read_text()
    for heading in ("Scenario", "Key findings", "Events", "Figures", "Provenance"):
        assert f"<h2>{heading}</h2>" in page
    assert "trustsim report: infallible vs humble" in page
    finding = re.search(r"<li>(Trust in own manager at week 8 .*?)</li>", page).group(1)
    assert re.search(r"infallible \d\.\d\d \(95 % CI \d\.\d\d to \d\.\d\d\) vs humble", finding)
    assert "humble minus infallible" in finding and "Intervals are over 3 replicates" in finding
    assert "led by infallible managers" in page and "led by humble, self-reflective managers" in page
    assert "The groups differ in leadership.style (infallible: infallible, humble: humble)" in page


def test_run_report_is_self_contained(run_report):
    page = run_report.read_text()
    images = re.findall(r'<img src="([^"]{0,40})', page)
    assert len(images) == figure_count(page) >= 6
    assert all(src.startswith("data:image/png;base64,") for src in images)
    assert not re.search(r'(src|href)="(https?:)?//', page), "the page loads something from a network"
    assert "<script" not in page


def test_single_runs_get_intervals_over_teams(runs, tmp_path):
    out = tmp_path / "single.html"
    result = report(runs["infallible"][0], runs["humble"][0], "-o", out, "--labels",
                    "infallible leader,humble leader", "--week", "8")
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    assert "humble leader minus infallible leader" in page
    assert "teams of one run (cluster bootstrap)" in page
    assert "not how much a rerun would differ" in page


@pytest.fixture(scope="module")
def sobol_sweep(tmp_path_factory):
    return run_sweep(tmp_path_factory.mktemp("report-saltelli"), "saltelli",
                     "{type: saltelli, samples: 16}", TWO_FACTORS, agents=30, steps=3)


@pytest.fixture(scope="module")
def sweep_report(sobol_sweep):
    out = sobol_sweep.parent / "sweep.html"
    result = report(sobol_sweep, "-o", out)
    assert result.returncode == 0, result.stderr
    return out


def test_sweep_report_has_sensitivity_table_and_response_curves(sweep_report):
    page = sweep_report.read_text()
    for heading in ("Experiment", "Key findings", "Sensitivity", "Response curves", "Provenance"):
        assert f"<h2>{heading}</h2>" in page
    assert "a saltelli design of 64 points" in page
    assert re.search(r"depends most on (humility|trust\.forgetting): total index ST -?\d\.\d\d "
                     r"\(95 % CI", page)
    assert "<th>ST_low</th>" in page and figure_count(page) >= 4


def test_lhs_sweep_report_tells_contrasts(tmp_path):
    directory = run_sweep(tmp_path, "lhs", "{type: lhs, samples: 9}", WITH_STYLE, replicates=2)
    out = tmp_path / "lhs.html"
    result = report(directory, "-o", out)
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    assert re.search(r"in the design points with humility in the top third of its values "
                     r"\(0\.\d+ to 0\.\d+, 3 points\) against the bottom third", page)
    assert "by leadership.style: infallible:" in page or "by leadership.style: humble:" in page
    assert "<h2>Sensitivity</h2>" not in page


def test_bad_inputs_exit_2_naming_the_file(runs, tmp_path):
    result = report(tmp_path / "missing.h5", "-o", tmp_path / "r.html")
    assert result.returncode == 2 and "missing.h5: no such file" in result.stderr
    partial = tmp_path / "unfinished.h5.partial"
    shutil.copy(runs["humble"][0], partial)
    result = report(partial, "-o", tmp_path / "r.html")
    assert result.returncode == 2 and "unfinished" in result.stderr
    assert result.stderr.startswith("trustsim report: error:")
    truncated = tmp_path / "truncated.h5"
    truncated.write_bytes(runs["humble"][0].read_bytes()[:5000])
    result = report(runs["infallible"][0], truncated, "-o", tmp_path / "r.html")
    assert result.returncode == 2 and "truncated.h5: not an HDF5 file" in result.stderr
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "plan.csv").write_text("run\n")
    result = report(tmp_path / "half", "-o", tmp_path / "r.html")
    assert result.returncode == 2 and "--resume" in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_missing_python_or_package_is_a_clear_error(runs, tmp_path):
    result = report(runs["humble"][0], env={"TRUSTSIM_PYTHON": str(tmp_path / "no-python")})
    assert result.returncode == 1
    assert "needs Python 3" in result.stderr and "no-python is missing" in result.stderr
    result = report(runs["humble"][0], env={"TRUSTSIM_ANALYSIS_DIR": str(tmp_path)})
    assert result.returncode == 1
    assert "cannot find the analysis package" in result.stderr and "report.py" in result.stderr


def test_report_help_teaches():
    result = subprocess.run([BIN, "report", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for option in ("--output", "--labels", "--title", "--week", "TRUSTSIM_PYTHON", "Exit codes"):
        assert option in result.stdout


# --- in a browser -------------------------------------------------------------------------------

def chromium(tmp_path: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not Path(CHROMEDRIVER).exists():
        pytest.fail(f"{CHROMEDRIVER} is missing: run scripts/install-deps (chromium, chromium-driver)")
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 f"--user-data-dir={tmp_path / 'chromium-profile'}", "--window-size=1280,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


@pytest.mark.parametrize("which", ["runs", "sweep"])
def test_report_renders_in_headless_chromium(which, run_report, sweep_report, tmp_path):
    page_path = run_report if which == "runs" else sweep_report
    expected = figure_count(page_path.read_text())
    driver = chromium(tmp_path)
    try:
        # Record every script error and every element that fails to load (an image's error
        # event reaches window in the capture phase), from before the page's first byte.
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
            window.__errors = [];
            window.addEventListener('error', e => window.__errors.push(
                e.message || ((e.target && e.target.tagName) + ' failed to load')), true);"""})
        driver.get(page_path.resolve().as_uri())
        state = driver.execute_script("""
            const images = Array.from(document.querySelectorAll('figure img'));
            return {title: document.title, figures: document.querySelectorAll('figure').length,
                    errors: window.__errors,
                    images: images.map(i => [i.complete, i.naturalWidth, i.naturalHeight,
                                             i.getBoundingClientRect().width,
                                             i.getBoundingClientRect().height]),
                    height: document.body.scrollHeight};""")
        errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
        driver.set_window_size(1280, min(int(state["height"]) + 100, 16000))
        shot = tmp_path / f"report-{which}.png"
        driver.save_screenshot(str(shot))
    finally:
        driver.quit()
    assert not errors, f"script or loading errors in the browser log: {errors}"
    assert state["errors"] == [], f"errors raised in the page: {state['errors']}"
    assert state["title"].startswith("trustsim")
    assert state["figures"] == expected == len(state["images"])
    for complete, width, height, shown_w, shown_h in state["images"]:
        assert complete and width > 100 and height > 100 and shown_w > 100 and shown_h > 50
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000


def test_scripted_events_are_told_listed_and_marked(tmp_path):
    paths = small_runs(tmp_path, 1, "events=[{week: 4, type: scandal, target: all}]")
    out = tmp_path / "events.html"
    result = report(paths["humble"][0], "-o", out)
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    assert "Scripted events: week 4: scandal (all" in page
    events = page[page.index("<h2>Events</h2>"):page.index("<h2>Figures</h2>")]
    assert "<td>scandal</td>" in events and "<td>4</td>" in events


def _with_failed_runs(sweep_dir: Path, target: Path, runs) -> Path:
    """A copy of a sweep directory whose results.h5 marks `runs` failed, as a sweep records a run
    that threw (status 1, NaN summaries)."""
    import h5py
    import numpy as np

    shutil.copytree(sweep_dir, target)
    with h5py.File(target / "results.h5", "a") as f:
        status = f["manifest/status"][()]
        status[list(runs)] = 1
        f["manifest/status"][...] = status
        for name in f["summary"]:
            values = f["summary"][name][()]
            values[list(runs)] = np.nan
            f["summary"][name][...] = values
    return target


def test_sweep_reports_with_failed_runs(sobol_sweep, tmp_path):
    one = _with_failed_runs(sobol_sweep, tmp_path / "one-failed", [5])
    result = report(one, "-o", tmp_path / "one.html")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "one.html").read_text()
    assert "1 base samples left out" in page and "<h2>Failed runs</h2>" in page
    every = _with_failed_runs(sobol_sweep, tmp_path / "all-failed", range(64))
    result = report(every, "-o", tmp_path / "all.html")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "all.html").read_text()
    assert "No run of this sweep completed" in page and "<h2>Failed runs</h2>" in page
