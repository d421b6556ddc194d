"""Issue 23 §6: a guide written to a file is 0600, like every other file the
app writes (on main it was written -rw-r--r--)."""

from __future__ import annotations

import os
import stat

import pytest

from tui_interview.cli import main
from tui_interview.locations import CONTENT_ENV


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_a_guide_file_is_readable_by_its_owner_only(tmp_path, monkeypatch, umask) -> None:
    monkeypatch.delenv(CONTENT_ENV, raising=False)
    argv = ["guide", "--competency", "service-management-processes", "--level", "3"]
    out = tmp_path / "guide.md"
    old = os.umask(umask)
    try:
        assert main([*argv, "-o", str(out)]) == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        assert main([*argv, "-o", str(out), "--force"]) == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    finally:
        os.umask(old)
    assert out.read_text(encoding="utf-8").startswith("#")
