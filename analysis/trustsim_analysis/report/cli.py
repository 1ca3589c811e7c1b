"""The command line of the report writer (`trustsim report` runs it through analysis/report.py).

Exit codes: 0 written; 1 a failure while writing; 2 bad input (missing, unfinished or foreign
file, unfinished sweep, bad arguments). Errors are one line naming the file, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from ..load import RunFileError
from . import write_report

EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    # --prog lets `trustsim report` name itself in usage and error lines.
    words = sys.argv[1:] if argv is None else argv
    options = words[:words.index("--")] if "--" in words else words
    prog = "report.py"
    if "--prog" in options[:-1]:
        prog = options[options.index("--prog") + 1]
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Write one self-contained HTML report (scenario in words, key findings with "
                    "95 % confidence intervals, events, figures, provenance) of trustsim run "
                    "files, or of one sweep directory (sensitivity indices, response curves).",
        epilog="Examples: report.py out/demo/infallible.h5 out/demo/humble.h5 -o report.html; "
               "report.py out/lhs-small -o sweep.html. Run files of the same scenario that differ "
               "only in seed or replicate form one group with confidence bands.")
    parser.add_argument("inputs", nargs="+", metavar="RUN.h5|SWEEP_DIR")
    parser.add_argument("-o", "--output", default="report.html", metavar="REPORT.html",
                        help="HTML file to write (default: report.html)")
    parser.add_argument("--labels", metavar="A,B,...",
                        help="comma-separated group names, one per run file")
    parser.add_argument("--title", help="the report's title")
    parser.add_argument("--week", type=int, help="week of the key findings (default: the last "
                                                 "week every run reached)")
    parser.add_argument("--prog", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    prog = args.prog or "report.py"
    labels = [s.strip() for s in args.labels.split(",")] if args.labels else None
    try:
        path = write_report(args.inputs, args.output, labels=labels, title=args.title,
                            week=args.week)
    except (FileNotFoundError, RunFileError, ValueError, KeyError) as err:
        message = err.args[0] if isinstance(err, KeyError) and err.args else err
        print(f"{prog}: error: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as err:
        print(f"{prog}: error: cannot write {args.output}: {err}", file=sys.stderr)
        return EXIT_FAILURE
    print(path)
    return 0
