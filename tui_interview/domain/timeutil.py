"""Time helpers shared by every layer: one way to get "now" and one way to show
an elapsed time or a timestamp."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import overload

#: A function returning the current, timezone-aware time. Tests pass a frozen one.
Now = Callable[[], datetime]


def system_now() -> datetime:
    """The current local time, timezone-aware."""
    return datetime.now().astimezone()


def to_iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return moment.isoformat()


@overload
def from_iso(text: str) -> datetime: ...
@overload
def from_iso(text: None) -> None: ...
@overload
def from_iso(text: str | None) -> datetime | None: ...
def from_iso(text: str | None) -> datetime | None:
    if text is None:
        return None
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"time without a time zone: {text!r}")
    return moment


def format_elapsed(seconds: float) -> str:
    """``mm:ss`` under an hour, ``h:mm:ss`` from then on (no rounding up)."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def clock_stamp(seconds: float) -> str:
    """``[12:34]``: a moment on the interview clock, as notes, ticks and the
    transcript show it (``format_elapsed`` in brackets)."""
    return f"[{format_elapsed(seconds)}]"


def format_date(moment: datetime) -> str:
    """``2026-11-26``: the moment's date in its own time zone."""
    return moment.strftime("%Y-%m-%d")


def format_timestamp(moment: datetime) -> str:
    """``2026-11-26 14:05 +01:00``: a date, a time and its offset."""
    offset = moment.strftime("%z")
    offset = f"{offset[:3]}:{offset[3:]}" if offset else ""
    return f"{moment:%Y-%m-%d %H:%M} {offset}".strip()
