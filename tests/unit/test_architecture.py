"""The import rules of docs/architecture.md: the layer order, a core free of
Textual and Rich, and non-interactive commands that never load them."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import tui_interview
from tui_interview.cli import HANDLERS

PACKAGE = Path(__file__).resolve().parents[2] / "tui_interview"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

CORE, UI = "core", "ui"
#: The layers, lowest first: a part of the app (a package, a module, or a
#: module inside a package, named from ``tui_interview``; the longest name
#: that matches wins) may import its own modules and the parts of LOWER
#: lines, never a part of its own line or of a line above. CORE parts never
#: import Textual or Rich. A part that moves or is added needs one line here.
LAYERS: list[tuple[str, str]] = [
    (CORE, "__init__ errors"),  # the version; the root of the app's own errors
    (CORE, "domain"),  # the rules: plain data and pure functions
    (CORE, "locations files"),  # where files live; writing them safely
    (CORE, "keymap"),  # the remappable keys: action name -> default keys
    (CORE, "settings"),  # config.toml
    (CORE, "config_command"),  # tui-interview config
    (CORE, "storage content"),  # sessions on disk; competency files
    (CORE, "export"),  # transcripts (reads the store to export and import)
    (CORE, "context"),  # what the app is given: store, library, clock
    (CORE, "starting"),  # new's arguments made into the interview to store
    (CORE, "linear"),  # linear mode: the interview as plain lines (no Textual)
    (UI, "terminal widgets themes"),  # Textual parts with one job each
    (UI, "screens"),
    (UI, "app"),
    (UI, "launch"),  # the commands that run the app: arguments in, exit status out
    (UI, "serve completion"),  # the app in a browser; shell completion (no Textual)
    (UI, "cli"),  # the command line: loads the rest only when asked
    (UI, "__main__"),  # python -m tui_interview
]
UI_LIBRARIES = {"textual", "rich"}


def rank() -> dict[str, tuple[int, str]]:
    return {
        part: (line, kind) for line, (kind, parts) in enumerate(LAYERS) for part in parts.split()
    }


def module_names() -> dict[str, Path]:
    """Every module of the package by dotted name (without ``tui_interview.``)."""
    names = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if len(parts) > 1 and parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def part_of(module: str) -> str | None:
    """The LAYERS part ``module`` belongs to: the longest matching name."""
    known = rank()
    pieces = module.split(".")
    for length in range(len(pieces), 0, -1):
        candidate = ".".join(pieces[:length])
        if candidate in known:
            return candidate
    return None


def runtime_imports(module: str, path: Path) -> list[tuple[int, str]]:
    """(line, name) of every import that runs: at the top, in functions and
    in ``try`` blocks; not those under ``if TYPE_CHECKING:`` (types only).
    Names of the app are full (``tui_interview.…``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names = module_names()
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            origin = node.module or ""
            if node.level:  # relative: from . import x
                base = module.split(".")
                if path.name != "__init__.py":
                    base.pop()
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(["tui_interview", *base, *filter(None, [node.module])])
            for alias in node.names:
                # `from tui_interview.domain import strict_json` imports a module.
                inner = f"{origin}.{alias.name}".removeprefix("tui_interview.")
                found.append((node.lineno, f"{origin}.{alias.name}" if inner in names else origin))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def in_app(name: str) -> str | None:
    """``name`` without ``tui_interview.`` (the package itself: ``__init__``),
    or None for a name from outside the app."""
    if name == "tui_interview":
        return "__init__"
    if name.startswith("tui_interview."):
        return name.removeprefix("tui_interview.")
    return None


def test_every_module_is_in_a_layer_and_every_layer_names_real_modules():
    names = module_names()
    assert len(names) > 40, names
    assert "domain.session" in names and "screens.interview" in names
    unplaced = sorted(name for name in names if part_of(name) is None)
    assert not unplaced, f"add these to a line of LAYERS: {unplaced}"
    stale = sorted(
        part
        for part in rank()
        if not any(name == part or name.startswith(part + ".") for name in names)
    )
    assert not stale, f"LAYERS names parts that no longer exist: {stale}"


def test_imports_follow_the_layer_order():
    known = rank()
    wrong = []
    for module, path in module_names().items():
        own = part_of(module)
        own_line, kind = known[own]
        for line, name in runtime_imports(module, path):
            where = f"{path.relative_to(PACKAGE.parent)}:{line}"
            target = in_app(name)
            if target is None:
                if kind == CORE and name.split(".")[0] in UI_LIBRARIES:
                    wrong.append(f"{where} {module} ({own}, core) imports {name}")
                continue
            other = part_of(target)
            assert other is not None, f"{where}: {target} is in no layer"
            if other != own and known[other][0] >= own_line:
                wrong.append(f"{where} {module} ({own}) imports {target} ({other})")
    assert not wrong, "imports against the layer order:\n" + "\n".join(wrong)


def test_the_layer_test_sees_imports_of_every_kind():
    """The parser finds imports of every form, so no rule passes unseen."""
    names = module_names()

    def imported(module: str) -> set[str]:
        return {name for _, name in runtime_imports(module, names[module])}

    # from tui_interview.screens.home import HomeScreen; from textual.app import App
    assert {"tui_interview.screens.home", "textual.app"} <= imported("app")
    # from tui_interview.domain import strict_json (a module, not a name)
    assert "tui_interview.domain.strict_json" in imported("storage.json_storage")
    # from tui_interview import __version__ (the package itself)
    assert "tui_interview" in imported("cli")
    # imports inside functions count too
    assert "platformdirs" in imported("locations")
    assert part_of("files.atomic") == "files" and part_of("storage.store") == "storage"
    assert in_app("tui_interview") == "__init__" and in_app("textual.app") is None
    # A screen importing the CLI, a widget importing a screen, the domain
    # importing storage, and storage and content importing each other would
    # each be reported.
    known = rank()
    assert known["cli"][0] > known["screens"][0] > known["widgets"][0]
    assert known["domain"][0] < known["storage"][0] == known["content"][0]
    assert all(kind == CORE for kind, parts in LAYERS[: known["context"][0] + 1])


#: How each command that does not open the app runs in the check below.
NON_INTERACTIVE = {
    "competencies": ["competencies"],
    "validate": ["validate"],
    "import": ["import", str(FIXTURES / "competencies" / "architecture.txt")],
    "sessions": ["sessions"],
    "delete": ["delete", "no-such-session", "--yes"],
    "purge": ["purge", "--older-than", "30", "--dry-run"],
    "export": ["export", "no-such-session"],
    "import-session": ["import-session", str(FIXTURES / "no-such-file.json")],
    "guide": ["guide", "--competency", "service-management-processes", "--level", "3"],
    "plan": ["plan", "no-such-session"],
    "panel": ["panel", str(FIXTURES / "no-such-file.json")],
    "calibration": ["calibration", str(FIXTURES / "no-such-file.json")],
    "questions": ["questions", str(FIXTURES / "no-such-file.json")],
    "config": ["config"],
    "encrypt": ["encrypt"],  # no terminal, no passphrase given: refused
    "decrypt": ["decrypt"],
    "change-passphrase": ["change-passphrase"],
    "recovered": ["recovered", str(FIXTURES / "no-such-file.txt")],
    "completion": ["completion", "bash"],
    # Linear mode: plain lines, never Textual (standard input is empty: it ends).
    "new": [
        "new",
        "--candidate",
        "X",
        "--competency",
        "service-management-processes",
        "--level",
        "1",
        "--linear",
    ],  # fmt: skip
    "resume": ["resume", "no-such-session", "--linear"],
}

NEVER_TEXTUAL = """
import importlib, json, sys
from tui_interview.cli import main

def loaded():
    return sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))

report = {}
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
report["core modules"] = [None, loaded()]
for name, argv in json.loads(sys.argv[2]).items():
    try:
        status = main(argv)
    except SystemExit as exit:
        status = exit.code
    report[name] = [status, loaded()]
print(json.dumps(report))
"""


@pytest.mark.slow
def test_the_core_and_non_interactive_commands_never_load_textual_or_rich(tmp_path):
    """One process imports every core module, then runs every command that
    does not open the app (so each starts fast): Textual and Rich stay out."""
    interactive = {
        name
        for name, target in HANDLERS.items()
        if target.startswith(("tui_interview.launch:", "tui_interview.serve:"))
    }
    assert set(NON_INTERACTIVE) == set(HANDLERS) - interactive, "every command is checked"
    core = [
        f"tui_interview.{name}" if name != "__init__" else "tui_interview"
        for name in module_names()
        if rank()[part_of(name)][1] == CORE
    ]
    assert {"tui_interview.domain.session", "tui_interview.export.markdown"} <= set(core)
    commands = {"--version": ["--version"]} | {
        name: [*argv, "--data-dir", str(tmp_path / "data")]
        for name, argv in NON_INTERACTIVE.items()
    }
    result = subprocess.run(
        [sys.executable, "-c", NEVER_TEXTUAL, json.dumps(core), json.dumps(commands)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert list(report) == ["core modules", *commands]
    leaks = {step: modules for step, (_, modules) in report.items() if modules}
    assert not leaks, f"Textual or Rich loaded by: {leaks}"
    # Each command ran its handler (a missing session or file is refused by
    # the handler, not by the argument parser).
    statuses = {step: status for step, (status, _) in report.items()}
    assert statuses == {
        "core modules": None,
        "--version": 0,
        "competencies": 0,
        "validate": 0,
        "import": 0,
        "sessions": 0,
        "delete": 2,
        "purge": 0,
        "export": 2,
        "import-session": 2,
        "guide": 0,
        "plan": 2,
        "panel": 2,
        "calibration": 2,
        "questions": 2,
        "config": 0,
        "encrypt": 2,
        "decrypt": 0,
        "change-passphrase": 2,
        "recovered": 2,
        "completion": 0,
        "new": 0,
        "resume": 2,
    }
    assert "usage:" not in result.stderr
    assert "cannot read" in result.stderr  # import-session's own message


def test_no_screen_or_widget_imports_the_app_not_even_for_types():
    """Screens and widgets know the app only as ``screens.base.AppServices``
    and ask it for screens by message (``screens.messages``): no import of
    ``tui_interview.app``, not even under ``TYPE_CHECKING``."""
    package = Path(tui_interview.__file__).parent
    offenders = []
    for folder in ("screens", "widgets"):
        for path in sorted((package / folder).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and (
                    node.module == "tui_interview.app"
                    or (node.module == "tui_interview" and any(a.name == "app" for a in node.names))
                ):
                    offenders.append(f"{folder}/{path.name}:{node.lineno}")
                elif isinstance(node, ast.Import) and any(
                    a.name == "tui_interview.app" for a in node.names
                ):
                    offenders.append(f"{folder}/{path.name}:{node.lineno}")
    assert offenders == []
    assert (package / "screens" / "interview.py").exists()  # the walk found the screens
