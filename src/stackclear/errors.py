"""The exception tree of stackclear.

    StackclearError                 base; ``str(err)`` is a complete, user-facing message
    ├── RuleDataError               a rule file is invalid (carries ``file`` and ``key_path``)
    ├── RuleLookupError             a rule id does not exist in the rule set
    ├── SpecError                   an item/chip specification is invalid (carries ``field``)
    ├── CatalogError                an unknown catalog name (carries ``suggestions``)
    ├── ListDataError               a restricted-party list file is corrupt (carries ``file``, ``line``, ``field``)
    └── PackageError                an export package is invalid (carries ``file`` and ``path``)

Every error names where the problem is and what was expected, so the CLI can print it without a traceback.
"""

from __future__ import annotations


class StackclearError(Exception):
    """Base class of every error stackclear raises on purpose."""

    #: the command line's exit status for this error (DESIGN.md: 2 bad input; a subclass may say 1, "done but
    #: needs attention", e.g. a conflict with another writer) and the words its message is printed after
    exit_code: int = 2
    cli_prefix: str = ""


class RuleDataError(StackclearError):
    """A rule data file is malformed: unknown key, missing citation, overlapping dates, duplicate key..."""

    def __init__(self, file: str, key_path: str, problem: str) -> None:
        self.file = file
        self.key_path = key_path
        self.problem = problem
        where = f"{file}: {key_path}" if key_path else file
        super().__init__(f"{where}: {problem}")


class RuleLookupError(StackclearError):
    """A rule id was asked for that the rule set does not define."""


class SpecError(StackclearError):
    """An item specification is invalid; ``field`` names the offending input field."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)


class CatalogError(StackclearError):
    """A catalog name was not found; ``suggestions`` holds the closest names."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean: {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"unknown catalog item {name!r}{hint}")


class ListDataError(StackclearError):
    """A restricted-party list file is corrupt or unreadable."""

    def __init__(self, file: str, problem: str, line: int | None = None, field: str | None = None) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.problem = problem
        where = file
        if line is not None:
            where += f", line {line}"
        if field:
            where += f", field {field!r}"
        super().__init__(f"{where}: {problem}")


class PackageError(StackclearError):
    """An export package is invalid; ``path`` is the field path inside the package."""

    def __init__(self, file: str, path: str, problem: str) -> None:
        self.file = file
        self.path = path
        self.problem = problem
        where = f"{file}: {path}" if path else file
        super().__init__(f"{where}: {problem}")
