"""Command line: parses arguments, then calls the core or starts the app.

Each command's handler is imported only when that command runs, so the
non-interactive commands never import Textual and answer quickly.
"""

from __future__ import annotations

import argparse
import codecs
import importlib
import os
import sys
from collections.abc import Sequence

from tui_interview import __version__
from tui_interview.errors import EXIT_UNAVAILABLE, TuiInterviewError

# command name -> "module:function"; each function takes the parsed arguments
# and returns the exit status.
HANDLERS = {
    "competencies": "tui_interview.content.commands:list_competencies",
    "validate": "tui_interview.content.commands:validate",
    "import": "tui_interview.content.commands:import_profile",
    "sessions": "tui_interview.storage.commands:list_sessions",
    "delete": "tui_interview.storage.commands:delete_session",
    "purge": "tui_interview.storage.purge_command:purge_sessions",
    "export": "tui_interview.export.commands:export_session",
    "import-session": "tui_interview.export.commands:import_session",
    "encrypt": "tui_interview.storage.encryption_commands:encrypt",
    "decrypt": "tui_interview.storage.encryption_commands:decrypt",
    "change-passphrase": "tui_interview.storage.encryption_commands:change",
    "recovered": "tui_interview.storage.encryption_commands:show_recovered",
    "guide": "tui_interview.export.commands:write_guide",
    "plan": "tui_interview.export.commands:write_plan",
    "panel": "tui_interview.cli:panel",
    "calibration": "tui_interview.export.fairness_commands:calibration_report",
    "questions": "tui_interview.export.fairness_commands:questions_report",
    "config": "tui_interview.config_command:show_or_init",
    "new": "tui_interview.cli:new",
    "resume": "tui_interview.cli:resume",
    "serve": "tui_interview.serve:serve",
    "completion": "tui_interview.completion:print_script",
    None: "tui_interview.launch:run_home",
}


def _add_output(p: argparse.ArgumentParser, metavar: str) -> None:
    """``-o OUT`` (else stdout) and ``--force``, as guide, plan and panel take them."""
    p.add_argument("-o", "--output", metavar=metavar, help="write here instead of stdout")
    p.add_argument("--force", action="store_true", help=f"overwrite {metavar} if it exists")


def _add_competency_levels(p: argparse.ArgumentParser, required: bool = True) -> None:
    """``--competency ID --level N``, repeatable, as ``new`` and ``guide`` take them."""
    p.add_argument(
        "--competency", required=required, action="append", metavar="ID", help="repeatable"
    )
    p.add_argument(
        "--level",
        required=required,
        action="append",
        type=int,
        metavar="N",
        help="target level; one per --competency, or one for all",
    )


def _common_options(defaults: bool) -> argparse.ArgumentParser:
    """``--content`` and ``--data-dir``, accepted before or after the command.
    The command's copy leaves the values alone unless given again
    (``argparse.SUPPRESS``), so ``--data-dir X new …`` keeps X."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--content",
        # The command's own list, merged with the top-level one in main().
        dest="content" if defaults else "command_content",
        action="append",
        default=[] if defaults else argparse.SUPPRESS,
        metavar="DIR",
        help="an extra folder of competency YAML files (repeatable; also $TUI_INTERVIEW_CONTENT)",
    )
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=None if defaults else argparse.SUPPRESS,
        help="where sessions are stored (also $TUI_INTERVIEW_DATA_DIR; "
        "default: the platform's user data folder)",
    )
    common.add_argument(
        "--passphrase-file",
        metavar="FILE",
        default=None if defaults else argparse.SUPPRESS,
        help="an encrypted data folder's passphrase: the file's first line "
        "(also $TUI_INTERVIEW_PASSPHRASE; else asked on the terminal)",
    )
    return common


def _add_linear(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--linear",
        action="store_true",
        help="plain lines instead of the full screen (screen readers, braille, slow "
        "links, pipes): each line typed is a note, /help lists the commands",
    )


def _port(text: str) -> int:
    """A TCP port number, 1 to 65535 (argparse says so when it is not)."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (1-65535): {text!r}")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    common = _common_options(defaults=False)

    parser = argparse.ArgumentParser(
        prog="tui-interview",
        description="Run structured, competency-based interviews from the keyboard.",
        parents=[_common_options(defaults=True)],
    )
    parser.add_argument("--version", action="version", version=f"tui-interview {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "competencies",
        parents=[common],
        help="list the loaded competencies",
        description="List each loaded competency: id, name, levels, counts and source file.",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")

    p = sub.add_parser(
        "validate",
        parents=[common],
        help="check competency YAML files",
        description="Check YAML files or folders (default: all loaded content). Exit 1 on errors.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument(
        "--words",
        nargs="?",
        const="",
        metavar="FILE",
        help="check a note-hygiene word list instead (default: the one in effect)",
    )

    p = sub.add_parser(
        "import",
        parents=[common],
        help="turn a plain-text competency profile into YAML",
        description="Convert a plain-text competency profile to the YAML format.",
    )
    p.add_argument("file", metavar="FILE.txt")
    p.add_argument("-o", "--output", metavar="OUT.yaml", help="write here instead of stdout")
    p.add_argument("--force", action="store_true", help="overwrite OUT.yaml if it exists")

    p = sub.add_parser("sessions", parents=[common], help="list stored interview sessions")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument(
        "--search",
        metavar="TEXT",
        help="only interviews where every word of TEXT was said (in notes) or is in the "
        "candidate, role, interviewer or id; case and accents ignored",
    )

    p = sub.add_parser("delete", parents=[common], help="delete a stored session")
    p.add_argument("session", metavar="SESSION")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")

    p = sub.add_parser(
        "purge",
        parents=[common],
        help="delete finished interviews past retention",
        description="Delete the finished interviews that finished DAYS days ago or more "
        "(default: retention_days in config.toml), with their index entries, damaged "
        "copies and recovery files. Prints counts and ids, not names.",
    )
    p.add_argument("--older-than", type=int, metavar="DAYS", help="the limit in days")
    p.add_argument("--dry-run", action="store_true", help="list them, delete nothing")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")

    p = sub.add_parser(
        "new",
        parents=[common],
        help="start a new interview straight away",
        description="Start a new interview: from --competency/--level (and --budget), "
        "or from a plan file (--plan), which gives all of those.",
    )
    p.add_argument("--candidate", required=True)
    _add_competency_levels(p, required=False)
    p.add_argument(
        "--plan",
        metavar="PLAN.json",
        help="ask what this plan file plans (see the plan command); "
        "not with --competency, --level or --budget",
    )
    p.add_argument("--role", default="")
    p.add_argument("--interviewer")
    p.add_argument("--budget", type=int, metavar="MINUTES", help="time budget in minutes")
    _add_linear(p)

    p = sub.add_parser("resume", parents=[common], help="reopen a stored interview")
    p.add_argument("session", metavar="SESSION")
    _add_linear(p)

    p = sub.add_parser("export", parents=[common], help="export a session's transcript")
    p.add_argument("session", metavar="SESSION")
    p.add_argument("-o", "--output", metavar="PATH", help="file to write; - for stdout")
    p.add_argument("--output-dir", metavar="DIR", help="folder for the default file name")
    p.add_argument(
        "--format",
        choices=["markdown", "json", "html"],
        default="markdown",
        help="html: a printable, self-contained page (no script, no link)",
    )
    p.add_argument("--redact", action="store_true", help="replace the candidate's name")
    p.add_argument(
        "--redact-also",
        action="append",
        default=[],
        metavar="NAMES",
        help="more names to replace (nicknames, people named in notes), comma-separated, "
        "repeatable: each becomes Person 1, Person 2, …; implies --redact",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace an earlier export of the same session (never another session's file)",
    )

    p = sub.add_parser(
        "guide",
        parents=[common],
        help="write an interview guide in Markdown",
        description="Write a Markdown guide for preparing or printing: the questions in "
        "order with their probes and STAR parts, the behaviours to listen for, the rating "
        "anchors and, with --budget, the time plan.",
    )
    _add_competency_levels(p, required=False)
    p.add_argument("--budget", type=int, metavar="MINUTES", help="time budget in minutes")
    p.add_argument(
        "--plan", metavar="PLAN.json", help="the plan file's questions, order and time split"
    )
    _add_output(p, "FILE")

    p = sub.add_parser(
        "plan",
        parents=[common],
        help="write an interview's plan, for others to start the same interview",
        description="Write the plan of a stored interview as JSON: the competencies and "
        "target levels, the questions in order, the time budget and its split, and the "
        "content snapshot, with a plan id. Start an interview from it with new --plan.",
    )
    p.add_argument("session", metavar="SESSION")
    _add_output(p, "PLAN.json")

    p = sub.add_parser(
        "panel",
        parents=[common],
        help="the board report of several interviewers' JSON transcripts",
        description="Read JSON transcripts (files, or folders of *.json), group them by "
        "candidate and plan, and write the board report: each member's ratings, the spread "
        "per competency (flagged when wide), and who evidenced each behaviour. All ratings "
        "are shown (after the fact). Exit 2 when no transcript is usable.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument(
        "--format",
        choices=["markdown", "json"],
        help="write the report (default markdown); without --format and -o, in a terminal, "
        "the Panel screen opens",
    )
    _add_output(p, "OUT")
    p.add_argument(
        "--spread",
        type=int,
        default=2,
        metavar="N",
        help="flag a competency when its levels are N or more apart (default 2)",
    )
    # Compare candidates (issue 14, part 4): export/role_grid.py.
    p.add_argument("--role", metavar="ROLE", help="the grid of the candidates for ROLE only")
    p.add_argument(
        "--sort",
        default="candidate",
        metavar="COLUMN",
        help="sort the grid by candidate, recommendation or a competency id",
    )
    p.add_argument("--desc", action="store_true", help="sort the grid in descending order")
    p.add_argument(
        "--chair",
        action="store_true",
        help="you chair the panel (did not interview): on the Panel screen the ratings show "
        "once every member has locked theirs (also: chair = true in config.toml)",
    )

    p = sub.add_parser(
        "calibration",
        parents=[common],
        help="who rates high or low: each interviewer against the consensus",
        description="Read JSON transcripts (files, or folders of *.json) and the data "
        "folder's consensus records; per interviewer: ratings given, mean signed difference "
        "from the consensus (else the panel median, and it says so), exact and within-one "
        "agreement, per competency and by month. Exit 2 when no transcript is usable.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--interviewer", metavar="NAME", help="only this interviewer")
    p.add_argument("--format", choices=["markdown", "json"], default="markdown")
    _add_output(p, "OUT")

    p = sub.add_parser(
        "questions",
        parents=[common],
        help="which questions bring out evidence, and which divide the board",
        description="Read JSON transcripts and the consensus records; per question id "
        "across interviews: asked and skipped, time against its share, notes and behaviours "
        "per asking, the spread of the members' ratings, agreement with the consensus; "
        "flags questions with little evidence or wide disagreement.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=["markdown", "json"], default="markdown")
    _add_output(p, "OUT")

    p = sub.add_parser(
        "config",
        parents=[common],
        help="show the settings in effect and the config file's path",
        description="Print the effective settings (config.toml, or $TUI_INTERVIEW_CONFIG) "
        "and the file's path; --init writes a commented default file.",
    )
    p.add_argument("--init", action="store_true", help="write a commented default config file")
    p.add_argument("--force", action="store_true", help="with --init: replace an existing file")

    p = sub.add_parser("import-session", parents=[common], help="import a session exported as JSON")
    p.add_argument("file", metavar="FILE.json")

    sub.add_parser(
        "encrypt",
        parents=[common],
        help="encrypt the data folder with a passphrase",
        description="Encrypt every session, index and damaged file of the data folder "
        "(AES-256-GCM; key from the passphrase by scrypt). The new passphrase is asked "
        "twice, or taken from --passphrase-file or $TUI_INTERVIEW_PASSPHRASE. Safe to "
        "interrupt: run it again to finish.",
    )
    sub.add_parser(
        "decrypt",
        parents=[common],
        help="store the data folder as plain text again",
        description="Decrypt every file of the data folder and remove its encryption "
        "header. Safe to interrupt: run it again to finish.",
    )
    p = sub.add_parser(
        "change-passphrase",
        parents=[common],
        help="change the encrypted data folder's passphrase",
        description="The current passphrase from --passphrase-file, "
        "$TUI_INTERVIEW_PASSPHRASE or the terminal; the new one from --new-passphrase-file, "
        "$TUI_INTERVIEW_NEW_PASSPHRASE or the terminal (asked twice). One atomic change. "
        "A new passphrase needs 8 characters or more and must not be a common password.",
    )
    p.add_argument("--new-passphrase-file", metavar="FILE", help="the new passphrase's file")
    p.add_argument(
        "--rotate-key",
        action="store_true",
        help="also reseal every file with a new data key (after the old passphrase or an "
        "old copy of encryption.json may have been seen); killed midway, run it again",
    )

    p = sub.add_parser(
        "recovered",
        parents=[common],
        help="print a recovery file (sealed ones need the passphrase)",
        description="Print the text of a recovery file written when a note could not be "
        "saved; with an encrypted data folder it is sealed with the folder's key.",
    )
    p.add_argument("file", metavar="FILE")

    p = sub.add_parser(
        "serve",
        parents=[common],
        help="the app in a web browser, for whoever holds the printed URL",
        description="Serve the app to a web browser (textual-serve). Each run prints a URL "
        "holding a random token: without it (or the cookie it sets) every request gets 403. "
        "It listens on 127.0.0.1 unless --host says otherwise, and warns then.",
    )
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    p.add_argument(
        "--socket",
        metavar="PATH",
        help="listen on a Unix socket at PATH instead (its folder must be yours and 0700; "
        "made so if missing), for a proxy in front",
    )

    p = sub.add_parser(
        "completion",
        parents=[common],
        help="print a shell completion script",
        description="Print the completion script for SHELL: commands, options, session ids "
        "and competency ids. See the README for where to put it.",
    )
    p.add_argument(
        "shell", choices=["bash", "zsh", "fish"], metavar="SHELL", help="bash, zsh or fish"
    )

    return parser


def panel(args: argparse.Namespace) -> int:
    """``panel PATH…``: the Panel screen when neither ``--format`` nor ``-o``
    is given and both ends are a terminal; else the report (never Textual)."""
    interactive = args.format is None and not args.output and args.role is None
    if interactive and sys.stdin.isatty() and sys.stdout.isatty():
        from tui_interview.launch import run_panel

        return run_panel(args)
    from tui_interview.export.commands import panel_report

    return panel_report(args)


def new(args: argparse.Namespace) -> int:
    """``new``: the TUI, or with ``--linear`` plain lines (never Textual)."""
    if args.linear:
        from tui_interview.linear.entry import run_new_linear

        return run_new_linear(args)
    from tui_interview.launch import run_new

    return run_new(args)


def resume(args: argparse.Namespace) -> int:
    """``resume``: the TUI, or with ``--linear`` plain lines (never Textual)."""
    if args.linear:
        from tui_interview.linear.entry import run_resume_linear

        return run_resume_linear(args)
    from tui_interview.launch import run_resume

    return run_resume(args)


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    """A character the output's encoding lacks, as ``\\uXXXX`` (two of them,
    a surrogate pair, beyond U+FFFF): readable, and inside JSON output still
    the very same string."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = error.object[error.start : error.end]
    units = chunk.encode("utf-16-be", "surrogatepass")
    escaped = "".join(
        f"\\u{int.from_bytes(units[i : i + 2], 'big'):04x}" for i in range(0, len(units), 2)
    )
    return escaped, error.end


codecs.register_error("tui-interview-escape", _json_escape)


def tolerant_output() -> None:
    """Never fail on a character stdout's or stderr's encoding lacks (a name
    like 李雷 in a Windows code page, on a pipe or in a file): escape it."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if reconfigure is not None and encoding != "utf8":
            reconfigure(errors="tui-interview-escape")


def main(argv: Sequence[str] | None = None) -> int:
    tolerant_output()
    parser = build_parser()
    if argv is None and "_ARGCOMPLETE" in os.environ:
        from tui_interview.completion import complete

        complete(parser)  # the shell asked for completions: answers and exits
    args = parser.parse_args(argv)
    args.content = args.content + getattr(args, "command_content", [])
    module_name, _, function_name = HANDLERS[args.command].partition(":")
    handler = getattr(importlib.import_module(module_name), function_name)
    try:
        return int(handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `tui-interview import x.txt | head` must not end in a traceback.
        sys.stderr.close()
        return 0
    except TuiInterviewError as error:
        # A refusal no handler caught (a bad config file, a wrong passphrase): one line.
        print(f"tui-interview: {_one_line(str(error))}", file=sys.stderr)
        return error.exit_status
    except OSError as error:
        # The file system said no somewhere no handler expected it.
        from tui_interview.files.errors import describe_os_error

        where = f"{error.filename}: " if error.filename else ""
        print(f"tui-interview: {_one_line(where + describe_os_error(error))}", file=sys.stderr)
        return EXIT_UNAVAILABLE


def _one_line(text: str) -> str:
    from tui_interview.domain.display import visible_text

    return visible_text(text)


if __name__ == "__main__":
    raise SystemExit(main())
