"""Publication figures of runs and sweeps. Every function returns a matplotlib Figure on an Agg
canvas; write it with `save(fig, "name.png")` (or `.svg`, `.pdf`).

The functions are imported on first use (PEP 562), so that `plot_runs`, which needs only the
event marks, does not pull in SciPy and networkx."""

from __future__ import annotations

import importlib

#: Public name -> the module of this package that defines it.
_WHERE = {
    "empty_panel": "common", "png_bytes": "common", "save": "common",
    "plot_distributions": "distributions",
    "plot_influence_vs_rank": "influence",
    "plot_unit_network": "network",
    "plot_sensitivity": "sensitivity",
    "plot_heatmap": "sweep", "plot_response": "sweep", "plot_response_grid": "sweep",
    "factor_groups": "timeseries", "plot_bands": "timeseries", "plot_sweep_bands": "timeseries",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)


def __dir__() -> list[str]:
    return __all__
