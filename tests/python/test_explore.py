"""`trustsim explore`: the server on 127.0.0.1, its answers to good and bad settings, the same
numbers through the module and the CLI, and the page end to end in headless Chromium (move a
slider, run, compare two settings, add an event, see a bad value's message)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from trustsim_cli import BIN, ROOT

from test_report import chromium

#: Short runs keep the suite fast; the page defaults to the scenario's own length.
WEEKS = "20"


def start_server(*command: str) -> tuple[subprocess.Popen, str]:
    """Starts an explorer and returns it with its address (from the line it prints first)."""
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    match = re.search(r"serving (http://127\.0\.0\.1:\d+/)", line)
    if not match:
        server.kill()
        pytest.fail(f"the explorer did not start: {line!r} {server.stderr.read()}")
    return server, match.group(1)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture(scope="module")
def explorer():
    server, url = start_server(BIN, "explore", "--port", "0")
    yield url
    stop(server)


def post(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url + "api/run", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=300) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_explore_help_says_where_it_listens():
    result = subprocess.run([BIN, "explore", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "127.0.0.1" in result.stdout and "--port" in result.stdout


def test_explore_refuses_a_taken_port(explorer):
    port = explorer.rstrip("/").rsplit(":", 1)[1]
    result = subprocess.run([BIN, "explore", "--port", port], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr


def test_server_runs_settings_in_memory(explorer):
    status, answer = post(explorer, {"scenario": "demo.yaml", "settings": {
        "style": "infallible", "dimensions": {"humility": 0.9}, "steps": WEEKS,
        "event": {"week": "10", "target": "ceo", "style": "humble"}}})
    assert status == 200, answer
    assert answer["agents"] == 2000 and answer["weeks"] == list(range(1, 21))
    assert set(answer["series"]) == {"trust_in_manager", "psychological_safety", "engagement", "performance"}
    assert answer["overrides"]["leadership.overrides"] == "{humility: 0.9}"
    assert [(e["week"], e["type"]) for e in answer["events"]] == [(10, "replace_leader")]


@pytest.mark.parametrize("settings, message", [
    ({"agents": "abc"}, "overrides['organisation.agents']: organisation.agents: expected an integer, got 'abc'"),
    ({"dimensions": {"humility": 1.5}}, "leadership.overrides.humility must be in [0, 1], got 1.5"),
    ({"event": {"week": "500"}}, "week 500 is past the end of the run (steps: 104)"),
    ({"extra": "organisation.span_of_control"}, "more settings, line 1: expected key.path=value"),
    ({"extra": "leadership.styel=humble"}, "leadership.styel"),
])
def test_server_answers_bad_settings_with_the_validators_message(explorer, settings, message):
    status, answer = post(explorer, {"scenario": "demo.yaml", "settings": settings})
    assert status == 400
    assert message in answer["error"] and "Traceback" not in answer["error"]


def test_cli_engine_gives_the_modules_numbers(explorer, tmp_path):
    body = {"scenario": "scenarios/new_ceo.yaml", "settings": {"steps": "56", "agents": "300"}}
    server, url = start_server(sys.executable, str(ROOT / "analysis" / "explore.py"), "--port", "0",
                               "--engine", "cli", "--trustsim-bin", BIN)
    try:
        status, through_cli = post(url, body)
    finally:
        stop(server)
    status_module, in_memory = post(explorer, body)
    assert status == status_module == 200, (through_cli, in_memory)
    assert through_cli["series"] == in_memory["series"]
    assert through_cli["events"] == in_memory["events"]


def test_page_end_to_end_in_headless_chromium(explorer, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait

    driver = chromium(tmp_path)
    wait = WebDriverWait(driver, 120)
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
            window.__errors = [];
            window.addEventListener('error', e => window.__errors.push(e.message || 'load error'), true);"""})
        driver.get(explorer)
        find = lambda id_: driver.find_element(By.ID, id_)  # noqa: E731
        runs = lambda: int(driver.execute_script("return document.body.dataset.runs"))  # noqa: E731
        trace_y = lambda metric: driver.execute_script(  # noqa: E731
            f"return document.getElementById('chart-{metric}').data.map(t => t.y);")

        def run(button: str, expected_runs: int):
            find(button).click()
            wait.until(lambda d: runs() == expected_runs or find("message").is_displayed())

        Select(find("scenario")).select_by_value("demo.yaml")
        assert find("agents").get_attribute("value") == "2000"
        steps = find("steps")
        steps.clear()
        steps.send_keys(WEEKS)
        Select(find("style")).select_by_value("humble")
        assert find("humility-value").text == "0.80"
        humility = find("humility")
        for _ in range(3):
            humility.send_keys(Keys.ARROW_LEFT)  # moves the slider as a user would, firing input
        assert find("humility-value").text == "0.65"

        run("run-a", 1)
        assert not find("message").is_displayed(), find("message").text
        assert "A: demo.yaml, 2,000 people, 20 weeks" in find("status").text
        first = trace_y("trust_in_manager")
        assert len(first) == 1 and len(first[0]) == 20
        a_row = driver.find_element(By.CSS_SELECTOR, "#compare tr[data-metric=trust_in_manager]")
        assert re.fullmatch(r"0\.\d{3}", a_row.find_elements(By.TAG_NAME, "td")[1].text)

        # Setting B: infallible managers, and a humble CEO arriving in week 10.
        Select(find("style")).select_by_value("infallible")
        find("event-enabled").click()
        week = find("event-week")
        week.clear()
        week.send_keys("10")
        Select(find("event-style")).select_by_value("humble")
        run("run-b", 2)
        assert not find("message").is_displayed(), find("message").text
        both = trace_y("trust_in_manager")
        assert len(both) == 2 and both[0] == first[0] and both[1] != first[0]
        shapes = driver.execute_script("return document.getElementById('chart-performance').layout.shapes;")
        assert [s["x0"] for s in shapes] == [10]
        cells = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#compare tr[data-metric] td")]
        assert len(cells) == 16 and all(re.fullmatch(r"[+-]?\d\.\d{3}", c) for i, c in enumerate(cells) if i % 4)
        settings_row = driver.find_element(By.CSS_SELECTOR, "#compare tr:nth-child(2)").text
        assert "leadership.overrides={humility: 0.65}" in settings_row and "replace_leader" in settings_row

        # A bad value: the validator's message on the page, the charts as they were.
        people = find("agents")
        people.clear()
        people.send_keys("-5")
        find("run-a").click()
        wait.until(lambda d: find("message").is_displayed())
        message = find("message").text
        assert "organisation.agents" in message and "-5" in message and "Traceback" not in message
        assert trace_y("trust_in_manager") == both and runs() == 2
        driver.save_screenshot(str(tmp_path / "explorer.png"))
        errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
        page_errors = driver.execute_script("return window.__errors;")
    finally:
        driver.quit()
    # The refused run's HTTP 400 is the one error the browser logs, by design.
    assert all("api/run" in e["message"] and "400" in e["message"] for e in errors), errors
    assert page_errors == []
    assert (tmp_path / "explorer.png").stat().st_size > 30_000
