"""Loading whole content folders: broken files never stop the others."""

from __future__ import annotations

from pathlib import Path

from tui_interview.content.loader import load_file, load_library
from tui_interview.locations import bundled_content_dir

GOOD = "id: {id}\nname: {name}\nlevels:\n  - level: 1\n    behaviors: [Does it.]\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_content_loads_without_problems():
    library = load_library([bundled_content_dir()])
    assert library.problems == []
    assert "service-management-processes" in library
    competency = library.get("service-management-processes")
    assert competency.origin == str(bundled_content_dir() / "service-management-processes.yaml")
    assert competency.counts() == {
        1: (4, 2, 10),
        2: (7, 2, 10),
        3: (6, 2, 10),
        4: (6, 2, 9),
        5: (7, 2, 9),
    }


def test_broken_file_does_not_stop_the_others(tmp_path):
    write(tmp_path, "a.yaml", GOOD.format(id="a", name="A"))
    write(tmp_path, "b.yaml", "id: b\nname: [broken\n")
    write(tmp_path, "c.yml", GOOD.format(id="c", name="C"))
    library = load_library([tmp_path])
    assert list(library.competencies) == ["a", "c"]
    assert len(library.problems) == 1
    problem = library.problems[0]
    assert problem.path == str(tmp_path / "b.yaml")
    assert problem.line == 3 and "YAML syntax error" in problem.message
    assert library.files == [tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "c.yml"]


def test_order_is_by_folder_then_file_name(tmp_path):
    first, second = tmp_path / "1", tmp_path / "2"
    first.mkdir()
    second.mkdir()
    write(first, "z.yaml", GOOD.format(id="z", name="Z"))
    write(first, "m.yaml", GOOD.format(id="m", name="M"))
    write(second, "a.yaml", GOOD.format(id="a", name="A"))
    assert list(load_library([first, second]).competencies) == ["m", "z", "a"]


def test_other_files_hidden_files_and_subfolders_are_ignored(tmp_path):
    write(tmp_path, "notes.txt", "not content")
    write(tmp_path, ".draft.yaml", "broken: [")
    (tmp_path / "sub.yaml").mkdir()
    write(tmp_path / "sub.yaml", "deep.yaml", "broken: [")
    library = load_library([tmp_path])
    assert library.competencies == {} and library.problems == [] and library.files == []


def test_duplicate_competency_id_is_reported_on_the_second_file(tmp_path):
    write(tmp_path, "a.yaml", GOOD.format(id="same", name="First"))
    write(tmp_path, "b.yaml", "name: Second\nid: same\nlevels: [{level: 1}]\n")
    library = load_library([tmp_path])
    assert library.get("same").name == "First"
    assert [str(p) for p in library.problems] == [
        f"{tmp_path / 'b.yaml'}:2:5: id: duplicate competency id 'same' "
        f"(already loaded from {tmp_path / 'a.yaml'})"
    ]


def test_missing_folder_is_a_problem_not_a_crash(tmp_path):
    library = load_library([tmp_path / "missing"])
    assert [str(p) for p in library.problems] == [f"{tmp_path / 'missing'}: folder not found"]


def test_a_file_path_is_loaded_directly(tmp_path):
    path = write(tmp_path, "one.txt", GOOD.format(id="one", name="One"))
    assert list(load_library([path]).competencies) == ["one"]


def test_library_lookup(tmp_path):
    write(tmp_path, "a.yaml", GOOD.format(id="a", name="A"))
    library = load_library([tmp_path])
    assert "a" in library and "b" not in library
    assert library.get("b") is None
    assert [c.id for c in library] == ["a"] and len(library) == 1


def test_invalid_utf8_file(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"id: x\nname: caf\xe9\n")
    competency, problems = load_file(path)
    assert competency is None
    assert [str(p) for p in problems] == [f"{path}:2:10: not valid UTF-8 (byte 0xe9)"]


def test_unreadable_and_missing_files(tmp_path):
    competency, problems = load_file(tmp_path / "nope.yaml")
    assert competency is None and problems[0].line is None
    assert "cannot read" in problems[0].message
    _, problems = load_file(tmp_path)
    assert problems[0].message == "is a folder, not a file"
