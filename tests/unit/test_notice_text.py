"""Issue 24 §6: long notices are cut to a few screen widths in one place
(domain/display.py ``notice_text``, called by ``App.notify``)."""

from __future__ import annotations

from tui_interview.domain.display import (
    ELLIPSIS,
    NOTICE_ROWS,
    cell_width,
    cut_to_cells,
    notice_text,
)


def cells(text: str) -> int:
    return sum(map(cell_width, text))


def test_a_5_mb_name_is_cut_to_the_screen():
    name = "Zebulon " * 655_360  # 5 MiB
    shown = notice_text(f"Deleted the interview with {name}.", 80)
    assert shown.startswith("Deleted the interview with Zebulon Zebulon")
    assert shown.endswith(ELLIPSIS) and cells(shown) <= 80 * NOTICE_ROWS


def test_short_notices_are_left_as_they_are():
    text = "Could not write the recovery file: no space. Nothing was lost."
    assert notice_text(text, 80) == text
    assert notice_text("two\nlines", 80) == "two\nlines"


def test_wide_characters_count_two_cells_and_controls_stay_visible():
    shown = notice_text("李" * 1000, 40)
    assert cells(shown) <= 40 * NOTICE_ROWS and shown.endswith(ELLIPSIS)
    assert notice_text("\x1b]52;c;aGk=\x07 name", 80) == "^[]52;c;aGk=^G name"


def test_many_lines_are_cut_too():
    shown = notice_text("\n" * 1_000_000 + "end", 80)
    assert shown.count("\n") < NOTICE_ROWS * 4 and shown.endswith(ELLIPSIS)


def test_cut_to_cells():
    assert cut_to_cells("abcdef", 4) == "abc…"
    assert cut_to_cells("abcd", 4) == "abcd"
    assert cut_to_cells("ab", 4, cut=True) == "ab…"
