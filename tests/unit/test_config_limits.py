"""A config nested 5,000 deep or too large: one clear line, exit 2 (issue 24 §6)."""

from __future__ import annotations

import pytest

from tui_interview.cli import main
from tui_interview.settings import MAX_CONFIG_BYTES, ConfigError, load_settings


@pytest.fixture
def deep_config(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    monkeypatch.setenv("TUI_INTERVIEW_CONFIG", str(path))
    return path


def test_a_deeply_nested_config_is_one_config_error(deep_config):
    with pytest.raises(ConfigError, match="nested too deeply"):
        load_settings(deep_config)


@pytest.mark.parametrize("command", [["config"], ["purge"]])
def test_config_and_purge_say_so_in_one_line_and_exit_2(deep_config, data_dir, capsys, command):
    status = main(["--data-dir", str(data_dir), *command])
    err = capsys.readouterr().err
    assert status == 2
    assert "nested too deeply" in err and len(err.strip().splitlines()) == 1


def test_a_config_larger_than_the_cap_is_refused_unread(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("# " + "x" * MAX_CONFIG_BYTES + "\n")
    with pytest.raises(ConfigError, match="too large a config"):
        load_settings(path)


def test_a_config_just_under_the_cap_is_read(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("# " + "x" * (MAX_CONFIG_BYTES - 100) + "\n")
    assert load_settings(path) is not None
