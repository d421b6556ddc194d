"""Options work before or after the command; content folders are not doubled."""

from pathlib import Path

from tui_interview import locations
from tui_interview.cli import build_parser, main


def test_data_dir_before_the_command_is_kept():
    args = build_parser().parse_args(
        ["--data-dir", "X", "new", "--candidate", "A", "--competency", "c", "--level", "2"]
    )
    assert args.data_dir == "X"


def test_data_dir_after_the_command_is_used():
    args = build_parser().parse_args(["sessions", "--data-dir", "Y"])
    assert args.data_dir == "Y"


def test_content_folders_before_and_after_the_command_are_all_used(capsys, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert main(["--content", str(first), "competencies", "--content", str(second)]) == 0
    err = capsys.readouterr().err
    assert f"{first}: folder not found" in err and f"{second}: folder not found" in err


def test_a_content_folder_named_twice_loads_once():
    bundled = locations.bundled_content_dir()
    dirs = locations.content_dirs([bundled, Path(str(bundled) + "/")])
    assert dirs == [bundled]
