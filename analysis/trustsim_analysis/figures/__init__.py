"""Publication figures of runs and sweeps. Every function returns a matplotlib Figure on an Agg
canvas; write it with `save(fig, "name.png")` (or `.svg`, `.pdf`)."""

from .common import empty_panel, png_bytes, save
from .distributions import plot_distributions
from .influence import plot_influence_vs_rank
from .network import plot_unit_network
from .sensitivity import plot_sensitivity
from .sweep import plot_heatmap, plot_response, plot_response_grid
from .timeseries import factor_groups, plot_bands, plot_sweep_bands

__all__ = [
    "empty_panel", "factor_groups", "plot_bands", "plot_distributions", "plot_heatmap",
    "plot_influence_vs_rank", "plot_response", "plot_response_grid", "plot_sensitivity", "plot_sweep_bands",
    "plot_unit_network", "png_bytes", "save",
]
