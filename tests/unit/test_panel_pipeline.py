"""Issue 23, §7: the panel reads as a pipeline. Read -> group -> report ->
render; each step in its own module, and no step imports a later one (so
none can call back into an earlier step's caller)."""

from __future__ import annotations

import ast
from pathlib import Path

import tui_interview

PACKAGE = Path(tui_interview.__file__).parent
#: The steps in order; a module may import only those before it.
STEPS = [
    "export.panel_read",
    "export.panel_group",
    "export.panel_pipeline",
    "export.panel",
    "export.role_grid",
    "export.panel_blind",
    "export.panel_markdown",
    "export.panel_json",
]
#: Building and rendering the report touch no files and no store.
NO_IO = ["export.panel", "export.role_grid", "export.panel_markdown", "export.panel_json"]


def imported(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n.removeprefix("tui_interview.") for n in names}


def test_each_step_imports_only_earlier_steps():
    for index, module in enumerate(STEPS):
        later = set(STEPS[index + 1 :])
        assert not imported(module) & later, f"{module} imports a later step"


def test_the_report_and_renderers_do_no_io():
    for module in NO_IO:
        names = imported(module)
        assert not {n for n in names if n.startswith(("storage", "files", "settings"))}, module
        assert not names & {"os", "pathlib", "shutil"}, module


def test_nothing_but_the_pipeline_reads_panel_files():
    """The old ``export.panel.read_panel`` is gone: the report module reads no file."""
    import tui_interview.export.panel as report

    assert not hasattr(report, "read_panel")
    assert not hasattr(report, "read_transcript")
