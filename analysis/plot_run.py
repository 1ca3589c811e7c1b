#!/usr/bin/python3
"""Plot one or more finished trustsim runs side by side (command-line front end to plot_runs)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Make the package importable however the script is started (python3 analysis/plot_run.py, ./...).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from trustsim_analysis import RunFileError, plot_runs  # noqa: E402

EXIT_BAD_INPUT = 2


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parses the command line. argparse exits with code 2 on a usage error."""
    parser = argparse.ArgumentParser(
        prog="plot_run.py",
        description="Draw a 2x2 PNG (trust in managers, psychological safety, engagement, "
                    "performance over weeks) with one line per trustsim run file.",
        epilog="Only finished runs are read: a file still named NAME.h5.partial is being written "
               "or its run crashed. Exit codes: 0 ok, 2 bad input (missing, unfinished or "
               "non-trustsim file, bad arguments).")
    parser.add_argument("runs", nargs="+", metavar="RUN.h5", help="trustsim HDF5 run files")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.png",
                        help="PNG file to write (parent folders are created)")
    parser.add_argument("--labels", metavar="A,B,...",
                        help="comma-separated legend labels, one per run "
                             "(default: each run's scenario_name attribute)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Runs the CLI. Prints the PNG path on success. On bad input it prints one error line and returns 2."""
    args = parse_args(argv)
    labels = None
    if args.labels is not None:
        labels = [label.strip() for label in args.labels.split(",")]
        if len(labels) != len(args.runs):
            print(f"plot_run.py: error: --labels has {len(labels)} labels for {len(args.runs)} "
                  "run files", file=sys.stderr)
            return EXIT_BAD_INPUT
    try:
        out = plot_runs(args.runs, labels=labels, out_png=args.output)
    except (FileNotFoundError, RunFileError) as err:
        print(f"plot_run.py: error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
