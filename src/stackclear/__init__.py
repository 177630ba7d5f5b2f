"""stackclear: clear full-stack AI exports under the US Export Administration Regulations.

The core library (rules, classify, catalog, names, screening, determine, model) does no terminal or
network I/O beyond reading its own data files; the CLI in ``stackclear.cli`` is a thin layer over it.
The screening hot path may be compiled with mypyc at install time (see :mod:`stackclear._native`).
"""

from stackclear._native import install_guard

install_guard()

__version__ = "0.1.0"

__all__ = ["__version__"]
