"""Build hook: compile the screening hot path with mypyc (see src/stackclear/_native.py).

All metadata lives in pyproject.toml. The modules listed in ``stackclear._native.COMPILED`` are compiled
to C extensions; the sha256 of each source goes to ``src/stackclear/_native_build.json`` so that a source
edited after the build is detected and its Python version used instead. The extensions are optional: with
``STACKCLEAR_PURE_BUILD=1``, without mypyc, or when the C compiler fails, the package installs as pure Python.
"""

import json
import os
import runpy
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"


def ext_modules():
    native = runpy.run_path(str(SRC / "stackclear" / "_native.py"))  # the list, the record's name and format
    compiled = native["COMPILED"]
    record = SRC / "stackclear" / native["BUILD_RECORD"]
    if os.environ.get("STACKCLEAR_PURE_BUILD", "") not in ("", "0"):
        # an earlier in-place (editable) build leaves extensions beside the sources: remove them too
        record.unlink(missing_ok=True)
        for _, rel in compiled:
            for built in (SRC / rel).parent.glob(Path(rel).stem + ".*.so"):
                built.unlink()
        for shared in SRC.glob("*__mypyc.*.so"):
            shared.unlink()
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("stackclear: mypyc not available; installing the pure-Python modules")
        return []
    digests = {rel: native["source_digest"](SRC / rel) for _, rel in compiled}
    record.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    # "--config-file=": not the project's mypy settings (they list the whole package); third-party
    # modules are not installed in the isolated build environment, so their types are read as Any.
    exts = mypycify(
        ["--config-file=", "--ignore-missing-imports", *[f"src/{rel}" for _, rel in compiled]],
        opt_level="3",
    )
    for ext in exts:
        ext.optional = True  # a failed C build leaves the pure-Python modules in place
    return exts


setup(ext_modules=ext_modules())
