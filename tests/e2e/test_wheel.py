"""``pipx install .`` on a fresh machine: the built wheel, installed into a
new virtual environment, runs from anywhere and ships the bundled profile.

Slow (about a minute: pip installs every dependency into the new
environment), so marked ``slow``; it stays in the suite."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PROFILE = "service-management-processes"

pytestmark = pytest.mark.slow


def run(*argv: str | Path, cwd: Path, env: dict[str, str] | None = None, timeout: int = 600):
    result = subprocess.run(
        [str(a) for a in argv], capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout
    )
    assert result.returncode == 0, (argv, result.stdout, result.stderr)
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", REPO, "--no-deps", "-q", "-w", out, cwd=out)
    [built] = out.glob("tui_interview-*.whl")
    return built


def test_the_wheel_holds_the_bundled_profile_and_the_entry_point(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        assert "tui-interview = tui_interview.cli:main" in archive.read(entry_points).decode()
    assert f"tui_interview/_bundled_content/{PROFILE}.yaml" in names
    assert "tui_interview/app.tcss" in names  # the styles, not only the code
    assert not [n for n in names if n.startswith(("tests/", "content/", ".venv"))]


def test_installed_from_the_wheel_into_a_fresh_venv_it_lists_the_bundled_profile(wheel, tmp_path):
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    run(bin_dir / "python", "-m", "pip", "install", "-q", wheel, cwd=tmp_path)
    # From a folder far from the repository, with no content of its own.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUI_INTERVIEW_")}
    env |= {"HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    env["TUI_INTERVIEW_DATA_DIR"] = str(tmp_path / "data")
    command = bin_dir / "tui-interview"

    listed = run(command, "competencies", cwd=elsewhere, env=env)
    assert listed.stdout.splitlines()[1].split()[0] == PROFILE
    assert listed.stderr == ""
    [competency] = json.loads(
        run(command, "competencies", "--json", cwd=elsewhere, env=env).stdout
    )["competencies"]
    shipped = Path(competency["file"])
    assert competency["id"] == PROFILE and competency["questions"] == 10
    assert shipped.is_relative_to(venv) and shipped.parent.name == "_bundled_content"
    assert run(command, "validate", cwd=elsewhere, env=env).stdout == "1 file checked, no errors\n"
    assert (
        "complete -o nospace" in run(command, "completion", "bash", cwd=elsewhere, env=env).stdout
    )
    assert "127.0.0.1" in run(command, "serve", "--help", cwd=elsewhere, env=env).stdout


@pytest.mark.skipif(shutil.which("pipx") is None, reason="pipx is not installed")
def test_pipx_installs_the_wheel(wheel, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TUI_INTERVIEW_", "PIPX_"))}
    env |= {"PIPX_HOME": str(tmp_path / "pipx"), "PIPX_BIN_DIR": str(tmp_path / "bin")}
    run("pipx", "install", wheel, cwd=tmp_path, env=env)
    listed = run(tmp_path / "bin" / "tui-interview", "competencies", cwd=tmp_path, env=env)
    assert PROFILE in listed.stdout
