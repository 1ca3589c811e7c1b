"""Read, tabulate, plot and report trustsim run files and sweeps (docs/analysis.md).

    from trustsim_analysis import open_run, open_runs, open_sweep, plot_runs
    run = open_run("out/demo/demo.h5")
    run.org["trust_in_manager"].plot()
    runs = open_runs(["out/demo/infallible.h5", "out/demo/humble.h5"])   # factors found
    runs.teams()                                   # one row per (run, week, team)
    sweep = open_sweep("out/lhs-small")            # runs.csv + results.h5 with factor columns
    plot_runs(["a.h5", "b.h5"], out_png="compare.png")

Figures: `trustsim_analysis.figures`; sensitivity indices: `trustsim_analysis.sensitivity`;
the HTML report: `trustsim_analysis.report.write_report`.
"""

from .load import (
    NotATrustsimRunError,
    PartialRunError,
    Run,
    RunFileError,
    open_run,
)
from .plot import plot_runs
from .runset import RunSet, open_runs
from .sweep import Sweep, SweepDirectoryError, open_sweep

__all__ = [
    "NotATrustsimRunError", "PartialRunError", "Run", "RunFileError", "RunSet", "Sweep",
    "SweepDirectoryError", "open_run", "open_runs", "open_sweep", "plot_runs",
]
