"""Reading JSON the app did not necessarily write: session files, the index,
imported exports.

``json.loads`` accepts ``NaN``, ``Infinity`` and ``1e999`` (which becomes an
infinite float), nests as deep as the interpreter's stack allows before
raising RecursionError, and keeps the last of two values for one key (a forged
transcript can carry a second ``"rating"`` that one reader sees and another
does not). None of that can come from the app itself, and each has crashed
the listing or an export, or been taken silently, so ``loads`` refuses all of
it with a ValueError that says what is wrong (naming a repeated key).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from tui_interview.domain.display import visible_text

#: Deeper than anything the app writes (a session is about 6 levels deep).
MAX_DEPTH = 64
_CONTAINERS = (dict, list)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def has_lone_surrogate(text: str) -> bool:
    """Whether ``text`` holds half of a surrogate pair: JSON's ``"\\ud800"``
    escapes can make one, but it is no character and UTF-8 cannot hold it."""
    return _LONE_SURROGATE.search(text) is not None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is too large a number")
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                shown = visible_text(key[:80]) + ("…" if len(key) > 80 else "")
                raise ValueError(f'the key "{shown}" appears twice in one object')
            seen.add(key)
    return value


def loads(data: str | bytes, *, unique_keys: bool = True) -> Any:
    """Parse JSON text; raises ValueError (including json.JSONDecodeError) for
    anything but plain, finite, reasonably shallow JSON with no key repeated
    in an object. ``unique_keys=False`` skips that last check, which makes
    reading about 3 times slower: only for the app's own database files, read
    at every start (whose sealed copies are authenticated anyway)."""
    try:
        value = json.loads(
            data,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
            object_pairs_hook=_unique_keys if unique_keys else None,
        )
    except RecursionError:
        raise ValueError("it is nested too deeply") from None
    check_depth(value)
    return value


def check_depth(value: Any, limit: int = MAX_DEPTH) -> None:
    """Raise ValueError if ``value`` nests lists and objects deeper than ``limit``."""
    level = [value] if isinstance(value, _CONTAINERS) else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            raise ValueError(f"it is nested more than {limit} levels deep")
        children: list[Any] = []
        # Every item of a level is a dict or a list; a tuple of types is
        # checked faster than a union (a fifth of reading a transcript).
        for item in level:
            values = item.values() if isinstance(item, dict) else item
            children += [v for v in values if isinstance(v, _CONTAINERS)]
        level = children
