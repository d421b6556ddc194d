"""The one way an elapsed time is shown: ``mm:ss`` and, in brackets, ``[mm:ss]``."""

import pytest

from tui_interview.domain.timeutil import clock_stamp, format_elapsed


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "00:00"),
        (59.9, "00:59"),  # never rounded up
        (61, "01:01"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (3725.5, "1:02:05"),
        (-5, "00:00"),
    ],
)
def test_format_elapsed(seconds, shown):
    assert format_elapsed(seconds) == shown


@pytest.mark.parametrize(
    ("seconds", "stamp"), [(0, "[00:00]"), (754.9, "[12:34]"), (3725, "[1:02:05]")]
)
def test_clock_stamp_is_the_elapsed_time_in_brackets(seconds, stamp):
    assert clock_stamp(seconds) == stamp
