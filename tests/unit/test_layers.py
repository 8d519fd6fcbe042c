"""The layers' import rules, read from the source with `ast` (imports inside functions too).

- `bot/core/` imports only `bot.core`, the standard library (less `sqlite3`), pydantic and re2
  (the linear-time matcher of text patterns);
- `storage/` imports nothing of `bot` but `bot.core`;
- `bot/telegram/` never imports `storage`;
- the adapters and services (`bot/telegram/`, `bot/cli/`, `bot/rendering/`, `bot/reports/`,
  `bot/app/`) never import `sqlite3` or `aiosqlite`: only `bot/app/wiring.py` opens the store,
  and through `storage`;
- no module of the core imports, through others, itself (imports for type checking included):
  the core's modules form layers, not circles.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator, Mapping, Set
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.paths import REPO

CORE_FORBIDDEN = frozenset(
    {"telegram", "aiosqlite", "sqlite3", "matplotlib", "openpyxl", "storage"}
)
"""Named outright: `sqlite3` is in the standard library, and the others deserve a clear line."""
CORE_THIRD_PARTY = frozenset({"pydantic", "re2"})
LAYERS = ("bot", "storage")
DATABASE_DRIVERS = frozenset({"sqlite3", "aiosqlite"})
WITHOUT_DATABASE = ("bot.telegram", "bot.cli", "bot.rendering", "bot.reports", "bot.app")
"""The packages that reach the database through the core's Protocols only."""


@dataclass(frozen=True)
class Violation:
    """One import that breaks a layer's rule."""

    module: str
    line: int
    imported: str
    rule: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.imported}: {self.rule}"


def module_name(path: Path) -> tuple[str, bool]:
    """The dotted name of a source file under the repository, and whether it is a package."""
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _dynamic_import(node: ast.Call) -> str | None:
    """`importlib.import_module("x")` or `__import__("x")` with a literal name."""
    func = node.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if called not in ("import_module", "__import__") or not node.args:
        return None
    first = node.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    return None


def imports(source: str, module: str, *, is_package: bool = False) -> Iterator[tuple[int, str]]:
    """Every module (or module attribute) that `source` imports, anywhere, with its line.

    `from a.b import c` gives `a.b.c`: whether `c` is a module or a name, it lies in `a.b`.
    Relative imports are resolved against `module`.
    """
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                anchor = package[: len(package) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield node.lineno, base if alias.name == "*" else f"{base}.{alias.name}"
        elif isinstance(node, ast.Call) and (name := _dynamic_import(node)) is not None:
            yield node.lineno, name


def broken_rule(module: str, imported: str) -> str | None:
    """The rule that importing `imported` from `module` breaks, or None."""
    top = imported.split(".")[0]
    if _within(module, "bot.core"):
        if _within(imported, "bot"):
            return (
                None if _within(imported, "bot.core") else "the core imports no other bot package"
            )
        if top in CORE_FORBIDDEN:
            return f"the core imports no {top}"
        if top in sys.stdlib_module_names or top in CORE_THIRD_PARTY:
            return None
        return "the core imports only bot.core, the standard library, pydantic and re2"
    if (
        _within(module, "storage")
        and _within(imported, "bot")
        and not _within(imported, "bot.core")
    ):
        return "storage imports only bot.core from bot"
    if _within(module, "bot.telegram") and top == "storage":
        return "the Telegram adapter never imports storage"
    if top in DATABASE_DRIVERS and any(_within(module, p) for p in WITHOUT_DATABASE):
        return f"only storage imports {top}"
    return None


def check(source: str, module: str, *, is_package: bool = False) -> list[Violation]:
    """Every import of `source` (the code of `module`) that breaks a layer's rule."""
    found = []
    for line, imported in imports(source, module, is_package=is_package):
        rule = broken_rule(module, imported)
        if rule is not None:
            found.append(Violation(module, line, imported, rule))
    return found


def sources() -> Iterator[tuple[str, bool, str]]:
    """The name, package flag and code of every module of the bot and of storage."""
    for layer in LAYERS:
        for path in sorted((REPO / layer).rglob("*.py")):
            name, is_package = module_name(path)
            yield name, is_package, path.read_text(encoding="utf-8")


# -- the rules hold in the code ---------------------------------------------------------------


def test_every_layer_keeps_its_import_rules() -> None:
    found = [
        str(violation)
        for name, is_package, source in sources()
        for violation in check(source, name, is_package=is_package)
    ]
    assert found == []


def test_the_rules_are_checked_over_the_modules_that_matter() -> None:
    """The scan is not vacuous: it reads the core, storage and the Telegram adapter."""
    names = {name for name, _, _ in sources()}
    assert {"bot.core.engine", "bot.core.stores", "bot.core.questionnaire"} <= names
    assert {"storage.store", "storage.aggregates", "bot.telegram.respondents"} <= names
    assert {"bot.telegram.respondents.buttons", "bot.telegram.respondents.places"} <= names
    seen = {
        imported
        for name, is_package, source in sources()
        if _within(name, "storage")
        for _, imported in imports(source, name, is_package=is_package)
    }
    assert any(_within(i, "bot.core") for i in seen), "storage does import the core"
    assert any(_within(i, "aiosqlite") for i in seen)


def core_imports() -> dict[str, set[str]]:
    """Each module of the core and the modules of the core it imports (type checking too)."""
    modules = {name: (is_package, source) for name, is_package, source in sources()}
    core = {name for name in modules if _within(name, "bot.core")}
    graph: dict[str, set[str]] = {}
    for name in core:
        is_package, source = modules[name]
        targets = set()
        for _, imported in imports(source, name, is_package=is_package):
            parts = imported.split(".")
            # `from a.b import c`: the module `a.b.c` if there is one, else `a.b`.
            found = next(
                (m for n in range(len(parts), 0, -1) if (m := ".".join(parts[:n])) in core), None
            )
            if found is not None and found != name:
                targets.add(found)
        graph[name] = targets
    return graph


def cycles(graph: Mapping[str, Set[str]]) -> list[list[str]]:
    """Every circle of imports found by a depth-first walk, each as the modules along it."""
    found: list[list[str]] = []
    done: set[str] = set()

    def walk(node: str, path: list[str]) -> None:
        if node in path:
            found.append([*path[path.index(node) :], node])
            return
        if node in done:
            return
        for target in sorted(graph.get(node, ())):
            walk(target, [*path, node])
        done.add(node)

    for node in sorted(graph):
        walk(node, [])
    return found


def test_the_core_has_no_import_cycle() -> None:
    graph = core_imports()
    assert "bot.core.questionnaire" in graph["bot.core.engine"], "the scan reads the core"
    assert cycles(graph) == []


def test_an_import_cycle_is_found_through_type_checking_imports() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from bot.core import x\n"
    assert [i for _, i in imports(source, "bot.core.y")] == ["typing.TYPE_CHECKING", "bot.core.x"]


# -- the checker catches what it should ---------------------------------------------------------


def test_a_core_module_importing_storage_inside_a_function_is_reported() -> None:
    source = (
        "from __future__ import annotations\n"
        "from bot.core.answers import Answer\n"
        "\n"
        "def load() -> None:\n"
        "    from storage.store import SurveyStore\n"
    )
    assert check(source, "bot.core.engine") == [
        Violation("bot.core.engine", 5, "storage.store.SurveyStore", "the core imports no storage")
    ]


FORBIDDEN_IN_CORE = [
    ("import sqlite3\n", "sqlite3", "the core imports no sqlite3"),
    ("import telegram.ext\n", "telegram.ext", "the core imports no telegram"),
    ("from aiosqlite import connect\n", "aiosqlite.connect", "the core imports no aiosqlite"),
    (
        "import matplotlib.pyplot as plt\n",
        "matplotlib.pyplot",
        "the core imports no matplotlib",
    ),
    ("from openpyxl import Workbook\n", "openpyxl.Workbook", "the core imports no openpyxl"),
    ("from bot.app import settings\n", "bot.app.settings", "the core imports no other bot"),
    ("from bot import telegram\n", "bot.telegram", "the core imports no other bot package"),
    ("from ..rendering import questions\n", "bot.rendering.questions", "no other bot package"),
    ("import babel\n", "babel", "only bot.core, the standard library, pydantic and re2"),
    ("import importlib\nimportlib.import_module('storage')\n", "storage", "no storage"),
]


@pytest.mark.parametrize(
    ("source", "imported", "rule"), FORBIDDEN_IN_CORE, ids=[c[1] for c in FORBIDDEN_IN_CORE]
)
def test_each_forbidden_import_of_the_core_is_reported(
    source: str, imported: str, rule: str
) -> None:
    (violation,) = check(source, "bot.core.figures")
    assert violation.imported == imported
    assert rule in violation.rule


def test_allowed_imports_of_the_core_are_not_reported() -> None:
    source = (
        "from __future__ import annotations\n"
        "import enum\n"
        "from collections.abc import Mapping\n"
        "from pydantic import BaseModel\n"
        "import re2\n"
        "from bot.core import answers\n"
        "from . import figures\n"
        "from .questionnaire import Questionnaire\n"
    )
    assert check(source, "bot.core.engine") == []
    assert check(source, "bot.core", is_package=True) == []


def test_storage_may_import_only_the_core_of_the_bot() -> None:
    assert check("import aiosqlite\nfrom bot.core.stores import Status\n", "storage.store") == []
    (violation,) = check("from bot.app.settings import Settings\n", "storage.store")
    assert violation.rule == "storage imports only bot.core from bot"
    (violation,) = check("def f():\n    import bot.telegram\n", "storage.aggregates")
    assert (violation.line, violation.imported) == (2, "bot.telegram")


def test_the_telegram_adapter_never_imports_storage() -> None:
    assert check("from bot.app.results import ResultsService\n", "bot.telegram.admin") == []
    (violation,) = check("from storage import aggregates\n", "bot.telegram.admin")
    assert violation.imported == "storage.aggregates"
    assert violation.rule == "the Telegram adapter never imports storage"


@pytest.mark.parametrize(
    "module",
    [
        "bot.telegram.admin",
        "bot.cli.main",
        "bot.rendering.questions",
        "bot.reports.exports",
        "bot.app.results",
        "bot.app.wiring",
    ],
)
@pytest.mark.parametrize(
    "source",
    ["import sqlite3\n", "from aiosqlite import Connection\n", "def f():\n    import aiosqlite\n"],
)
def test_the_adapters_never_import_a_database_driver(module: str, source: str) -> None:
    (violation,) = check(source, module)
    assert violation.imported.split(".")[0] in DATABASE_DRIVERS
    assert violation.rule.startswith("only storage imports ")


def test_storage_may_import_the_database_drivers() -> None:
    source = "import sqlite3\nimport aiosqlite\n"
    assert check(source, "storage.connection") == []
    assert check(source, "bot.app.wiring") != []
