"""config.toml: every setting optional, bad values named with FILE:LINE:COL."""

from pathlib import Path

import pytest

from tui_interview.settings import ConfigError, Settings, load_settings, settings_file


def test_missing_file_gives_defaults(tmp_path):
    assert load_settings(tmp_path / "none.toml") == Settings()


def test_values_are_read(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        'interviewer = "Ada"\nbudget_minutes = 45\nexport_dir = "~/x"\n'
        'retention_days = 30\n[keys]\nnext_question = "f5"\n'
    )
    settings = load_settings(path)
    assert settings.interviewer == "Ada"
    assert settings.budget_minutes == 45
    assert settings.export_dir == Path("~/x").expanduser()
    assert settings.retention_days == 30
    assert settings.keys == {"next_question": "f5"}


def test_unknown_key_is_named_with_line_and_column(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('interviewer = "Ada"\n  colour = "red"\n')
    with pytest.raises(ConfigError, match=rf"^{path}:2:3: unknown setting 'colour'"):
        load_settings(path)


def test_bad_value_is_named(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("budget_minutes = 0\n")
    with pytest.raises(ConfigError, match=rf"^{path}:1:1: budget_minutes must be"):
        load_settings(path)


def test_bad_toml_gives_line_and_column(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('interviewer = "Ada"\nbudget_minutes = = 3\n')
    with pytest.raises(ConfigError, match=rf"^{path}:2:\d+: not valid TOML"):
        load_settings(path)


def test_env_names_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("TUI_INTERVIEW_CONFIG", str(tmp_path / "c.toml"))
    assert settings_file() == tmp_path / "c.toml"
