"""One self-contained HTML report of run files or a sweep directory (`trustsim report`).

    from trustsim_analysis.report import write_report
    write_report(["infallible.h5", "humble.h5"], "report.html")
    write_report(["out/lhs-small"], "sweep.html")
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..runset import open_runs
from ..sweep import open_sweep


def write_report(inputs: Sequence[str | os.PathLike], output: str | os.PathLike,
                 labels: Sequence[str] | None = None, title: str | None = None,
                 week: int | None = None) -> Path:
    """Writes the report of `inputs` (run files, or one sweep directory) to `output`; returns
    its path. The file is written next to its final name and renamed when complete."""
    from .run_report import build_run_page
    from .sweep_report import build_sweep_page

    paths = [Path(p) for p in inputs]
    if not paths:
        raise ValueError("give at least one run file or a sweep directory")
    directories = [p for p in paths if p.is_dir()]
    if directories:
        if len(paths) > 1:
            raise ValueError(f"{directories[0]} is a directory: a report covers one sweep "
                             "directory, or run files, not both")
        if labels:
            raise ValueError("--labels names run files; a sweep's groups are its factors")
        if week is not None:
            raise ValueError("--week applies to run files; a sweep's findings use its summaries")
        page = build_sweep_page(open_sweep(paths[0]), title)
    else:
        page = build_run_page(open_runs(paths, labels), title, week)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    partial.write_text(page.render(), encoding="utf-8")
    partial.replace(output)
    return output
