"""Read and plot trustsim run files (HDF5, layout in docs/hdf5-layout.md).

    from trustsim_analysis import open_run, plot_runs
    run = open_run("out/demo.h5")
    run.org["trust_in_manager"].plot()
    plot_runs(["a.h5", "b.h5"], out_png="compare.png")
"""

from .load import (
    NotATrustsimRunError,
    PartialRunError,
    Run,
    RunFileError,
    open_run,
)
from .plot import plot_runs

__all__ = [
    "NotATrustsimRunError", "PartialRunError", "Run", "RunFileError", "open_run", "plot_runs",
]
