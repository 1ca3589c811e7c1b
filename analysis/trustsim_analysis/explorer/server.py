"""The explorer's HTTP server: the page at /, and POST /api/run, which answers the page's settings
with the series to draw or with the validator's message. It listens on 127.0.0.1 only and needs
no network: the page's one script library (plotly.js, from Debian's python3-plotly) is inlined.

A request that fails for a reason other than the settings is answered with one line saying what
failed; its traceback goes to the server's stderr, never to the page.
"""

from __future__ import annotations

import json
import sys
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .engine import METRICS, STYLE_DIMENSIONS, BadSettings, Engine, find_scenarios, overrides_for

PAGE = Path(__file__).with_name("page.html")
#: The most a request body may hold; the page's settings are a few hundred bytes.
MAX_REQUEST_BYTES = 1 << 20


def plotly_script() -> str:
    """plotly.js from Debian's python3-plotly, to inline into the page."""
    from plotly.offline import get_plotlyjs
    return get_plotlyjs()


def presets() -> dict:
    """The leadership presets ({name: {summary, style}}) from the engine's table, when the module
    is there; the page then starts the sliders at the chosen preset."""
    try:
        import trustsim
        return trustsim.style_presets()
    except ImportError:
        return {}


class Explorer:
    """What the handler needs: the engine, the scenarios on offer and the page's text."""

    def __init__(self, configs: Path, engine: Engine):
        self.configs = configs
        self.engine = engine
        self.scenarios = {s.id: s for s in find_scenarios(configs)}
        if not self.scenarios:
            raise RuntimeError(f"no scenarios in {configs} (its *.yaml and scenarios/*.yaml)")
        self._page = None

    def page(self) -> bytes:
        if self._page is None:
            setup = {
                "scenarios": [{"id": s.id, "description": s.description, "steps": s.steps, "agents": s.agents}
                              for s in self.scenarios.values()],
                "metrics": METRICS,
                "dimensions": STYLE_DIMENSIONS,
                "presets": presets(),
                "mode": self.engine.mode,
            }
            text = PAGE.read_text()
            text = text.replace("/*SETUP*/", json.dumps(setup).replace("</", "<\\/"))
            text = text.replace("/*PLOTLY*/", plotly_script().replace("</script", "<\\/script"))
            self._page = text.encode()
        return self._page

    def run(self, request: dict) -> dict:
        scenario = self.scenarios.get(str(request.get("scenario", "")))
        if scenario is None:
            raise BadSettings(f"unknown scenario {request.get('scenario')!r}; the page offers "
                              f"{', '.join(self.scenarios)}")
        settings = request.get("settings") or {}
        events = self.engine.scenario_events(scenario.path) if settings.get("event") else []
        overrides = overrides_for(settings, events)
        result = self.engine.run(scenario.path, overrides)
        result["scenario"] = scenario.id
        result["overrides"] = overrides
        return result


def make_handler(explorer: Explorer):
    class Handler(BaseHTTPRequestHandler):
        server_version = "trustsim-explore"

        def log_message(self, format, *args):  # noqa: A002 (the base class's name)
            pass  # one line per request would bury the address and the errors

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, data: dict) -> None:
            self._send(status, json.dumps(data).encode(), "application/json")

        def do_GET(self):  # noqa: N802 (http.server's name)
            if self.path in ("/", "/index.html"):
                self._send(200, explorer.page(), "text/html; charset=utf-8")
            else:
                self._send(404, b"not found: the explorer serves / and /api/run", "text/plain")

        def do_POST(self):  # noqa: N802
            if self.path != "/api/run":
                self._json(404, {"error": "not found: POST /api/run"})
                return
            try:
                length = int(self.headers.get("Content-Length", "0"))
                if not 0 < length <= MAX_REQUEST_BYTES:
                    raise BadSettings("the request must be one JSON object of settings")
                request = json.loads(self.rfile.read(length))
                if not isinstance(request, dict):
                    raise BadSettings("the request must be one JSON object of settings")
                self._json(200, explorer.run(request))
            except (BadSettings, json.JSONDecodeError) as error:
                self._json(400, {"error": str(error)})
            except Exception as error:  # noqa: BLE001 (any failure becomes one line on the page)
                traceback.print_exc(file=sys.stderr)
                self._json(500, {"error": f"the run failed: {error}"})

    return Handler


def serve(explorer: Explorer, port: int, prog: str = "explore.py") -> None:
    """Serves on 127.0.0.1:port (0: any free port) until interrupted; prints the address first."""
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(explorer))
    except OSError as error:
        raise SystemExit(f"error: {prog}: cannot listen on 127.0.0.1:{port}: {error.strerror}; "
                         "choose another port with --port (0: any free one)") from None
    host, bound = server.server_address[:2]
    print(f"{prog}: serving http://{host}:{bound}/ ({len(explorer.scenarios)} scenarios from {explorer.configs}, "
          f"runs {'in memory' if explorer.engine.mode == 'module' else 'through the trustsim CLI'}); "
          "Ctrl-C stops", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
