"""Shell completion: ``tui-interview completion bash|zsh|fish`` and the
completer that runs when the shell asks.

argcomplete does the work: the script the shell loads calls
``tui-interview`` back with the command line in the environment
(``_ARGCOMPLETE``); ``cli.main`` then hands the parser to ``complete`` before
parsing, which prints the candidates and exits. Commands and options come
from the parser itself, so they never go stale; session ids and competency
ids come from the completers below. Nothing on this path imports Textual or
Rich: only argparse, argcomplete, the store's index and the content loader.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterable
from typing import Any

from tui_interview.locations import content_dirs, data_dir

SHELLS = ("bash", "zsh", "fish")
PROG = "tui-interview"


def script(shell: str) -> str:
    """The completion script for ``shell``, to be sourced (or saved) there."""
    import argcomplete

    return argcomplete.shellcode([PROG], shell=shell)


def print_script(args: argparse.Namespace) -> int:
    """``tui-interview completion SHELL``."""
    print(script(args.shell), end="")
    return 0


def session_ids(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    """The stored session ids starting with ``prefix``: the names of the
    session files (``sessions/<id>.json``, docs/storage.md), read from the
    folder listing alone. Loading the store (its modules and its index)
    would cost more than the rest of the completion together, so this skips
    it; ``resume`` and the others check the id they are given anyway."""
    folder = data_dir(_data_dir(parsed_args)) / "sessions"
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    wanted = prefix.lower()
    ids = (name[: -len(".json")] for name in names if name.endswith(".json"))
    # Only names an id can have (letters, digits, - and _): a stray file
    # named with control characters never reaches the command line.
    return sorted(
        i
        for i in ids
        if i.startswith(wanted)
        and i[:1].isalnum()
        and i.isascii()
        and i.replace("-", "").replace("_", "").isalnum()
    )


def competency_ids(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> dict[str, str]:
    """The loaded competency ids starting with ``prefix``, with their names."""
    from tui_interview.content.loader import load_library
    from tui_interview.domain.display import visible_text

    extra = list(getattr(parsed_args, "content", None) or [])
    extra += getattr(parsed_args, "command_content", None) or []
    library = load_library(content_dirs(extra))
    return {
        visible_text(competency.id): visible_text(competency.name)
        for competency in library
        if competency.id.startswith(prefix)
    }


# argument destination -> its completer
COMPLETERS: dict[str, Callable[..., Iterable[str]]] = {
    "session": session_ids,
    "competency": competency_ids,
}


def complete(parser: argparse.ArgumentParser) -> None:
    """Answer the shell's completion request and exit (argcomplete's way);
    returns at once when the shell did not ask."""
    if "_ARGCOMPLETE" not in os.environ:
        return
    import argcomplete

    for action in _actions(parser):
        completer = COMPLETERS.get(action.dest)
        if completer is not None:
            action.completer = completer  # type: ignore[attr-defined]
    argcomplete.autocomplete(parser, always_complete_options=False)


def _actions(parser: argparse.ArgumentParser) -> Iterable[argparse.Action]:
    for action in parser._actions:
        yield action
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _actions(sub)


def _data_dir(parsed_args: argparse.Namespace) -> str | None:
    """``--data-dir`` as typed so far (before or after the command)."""
    value = getattr(parsed_args, "data_dir", None)
    return str(value) if value else None
