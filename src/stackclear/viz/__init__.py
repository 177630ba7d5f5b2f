"""Charts of the rules and the catalog (a thin layer over matplotlib; the core never imports it)."""

from stackclear.viz.plot import plot_plane

__all__ = ["plot_plane"]
