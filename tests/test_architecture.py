"""The core never imports the UI, and the non-interactive commands start fast."""

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tui_interview"
CORE = ["domain", "files", "content", "storage", "export"]


def core_modules() -> list[str]:
    modules = []
    for folder in CORE:
        for path in sorted((PACKAGE / folder).glob("*.py")):
            name = path.stem
            modules.append(f"tui_interview.{folder}" + ("" if name == "__init__" else f".{name}"))
    return modules


def test_core_never_imports_textual_or_rich():
    modules = core_modules()
    assert len(modules) > 10, modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaks = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(leaks))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"core imported: {result.stdout}"


@pytest.mark.parametrize(
    "argv",
    [
        ["--version"],
        ["competencies"],
        ["validate"],
        ["sessions"],
        ["guide", "--competency", "service-management-processes", "--level", "3"],
    ],
    ids=lambda argv: argv[0],
)
def test_non_interactive_commands_do_not_load_textual(argv, tmp_path):
    code = (
        "import sys\n"
        "from tui_interview.cli import main\n"
        "try:\n"
        f"    main({argv!r} + ['--data-dir', {str(tmp_path)!r}] if {argv!r}[0] != '--version'"
        f" else {argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "leaks = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print('LEAKS=' + ','.join(leaks), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "LEAKS=\n" in result.stderr or result.stderr.rstrip().endswith("LEAKS="), result.stderr
