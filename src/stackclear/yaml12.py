"""YAML the way compliance data needs it: YAML 1.2 booleans and no silently duplicated keys.

PyYAML implements YAML 1.1, where ``NO``, ``no``, ``off``, ``y`` and ``n`` are booleans — so the country code
of Norway (``NO``) would be read as ``False`` in a country-group list or a package's destination. Every
stackclear YAML reader builds its loader from :func:`strict_loader`, which keeps only ``true``/``false`` as
booleans and rejects duplicate mapping keys (PyYAML silently keeps the last one); :func:`load` is the
``yaml.safe_load`` replacement for everything else (configuration files, ``--policy NAME=VALUE`` values).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

__all__ = ["load", "strict_loader"]

BOOL_TAG = "tag:yaml.org,2002:bool"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_YAML12_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first at line {seen[key] + 1})", key_node.start_mark
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


def strict_loader(base: type[Any] = yaml.SafeLoader, *, dates: bool = True) -> type[Any]:
    """A loader class derived from ``base`` with YAML 1.2 booleans and duplicate keys rejected.

    ``dates=False`` keeps dates as strings, so the caller can report a bad date with its key path.
    """
    dropped = {BOOL_TAG} if dates else {BOOL_TAG, TIMESTAMP_TAG}
    resolvers = {
        first: [(tag, regexp) for tag, regexp in entries if tag not in dropped]
        for first, entries in base.yaml_implicit_resolvers.items()
    }
    loader: type[Any] = type(f"Strict{base.__name__}", (base,), {"yaml_implicit_resolvers": resolvers})
    loader.add_implicit_resolver(BOOL_TAG, _YAML12_BOOL, list("tTfF"))
    loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    return loader


_LOADER: type[Any] | None = None


def load(text: str) -> Any:
    """``yaml.safe_load`` with YAML 1.2 booleans and duplicate keys rejected: ``no`` stays the string "no"."""
    global _LOADER
    if _LOADER is None:
        _LOADER = strict_loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a SafeLoader subclass
