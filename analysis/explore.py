#!/usr/bin/python3
"""Serve the scenario explorer on 127.0.0.1 (`trustsim explore` runs this; docs/explorer.md).

    PYTHONPATH=build/release/python /usr/bin/python3 analysis/explore.py --port 8050
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# Make the package importable however the script is started (python3 analysis/explore.py, ./...).
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8050, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--configs", type=Path, default=HERE.parent / "configs",
                        help="folder whose *.yaml and scenarios/*.yaml the page offers")
    parser.add_argument("--trustsim-bin", default=os.environ.get("TRUSTSIM_EXPLORE_BIN"),
                        help="the trustsim CLI, used when the trustsim Python module cannot be imported")
    parser.add_argument("--engine", choices=("auto", "cli"), default="auto",
                        help="auto: the Python module if it imports, else the CLI; cli: always the CLI")
    parser.add_argument("--prog", default="explore.py", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be in [0, 65535], not {args.port}")
    if not args.configs.is_dir():
        print(f"error: {args.prog}: {args.configs} is not a folder of scenarios", file=sys.stderr)
        return 1

    from trustsim_analysis.explorer.engine import Engine
    from trustsim_analysis.explorer.server import Explorer, serve
    try:
        engine = Engine(args.trustsim_bin, prefer_module=args.engine == "auto")
        explorer = Explorer(args.configs.resolve(), engine)
    except RuntimeError as error:
        print(f"error: {args.prog}: {error}", file=sys.stderr)
        return 1
    serve(explorer, args.port, args.prog)
    return 0


if __name__ == "__main__":
    sys.exit(main())
