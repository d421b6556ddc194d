"""``tui-interview serve``: the app in a web browser, with textual-serve.

Each browser tab that opens the page starts its own copy of the app (the
same command, the same ``--data-dir`` and ``--content``) in a subprocess, and
textual-serve relays the terminal over a websocket. There is no
authentication: anyone who can reach the port can use the app and read every
stored interview. So it listens on 127.0.0.1 unless ``--host`` names another
interface, and then it says so on stderr before listening.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
from collections.abc import Sequence

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
TITLE = "tui-interview"


def app_command(data_dir: str | None, content: Sequence[str], python: str = sys.executable) -> str:
    """The shell command textual-serve runs for each browser tab: this
    Python running the app, with the same data folder and content folders
    (absolute, so the served app finds them whatever its working folder).
    Every part is quoted, so a folder named with spaces or ``;`` stays one
    argument."""
    argv = [python, "-m", "tui_interview"]
    if data_dir:
        argv += ["--data-dir", os.path.abspath(os.path.expanduser(data_dir))]
    for folder in content:
        argv += ["--content", os.path.abspath(os.path.expanduser(folder))]
    if os.name == "nt":  # textual-serve runs it through cmd.exe
        return subprocess.list2cmdline(argv)
    return shlex.join(argv)


def exposure_warning(host: str, port: int) -> str | None:
    """The warning printed before listening anywhere but this machine."""
    if host in LOCAL_HOSTS:
        return None
    return (
        f"tui-interview: warning: serving on {host}:{port}, not only on this machine: "
        "there is no password, so anyone who can reach this port can use the app "
        "and read every stored interview. Use the default (127.0.0.1) unless you "
        "mean it."
    )


def serve(args: argparse.Namespace) -> int:
    """Serve the app until ctrl+c (or SIGTERM); exit 0 then."""
    warning = exposure_warning(args.host, args.port)
    if warning is not None:
        print(warning, file=sys.stderr, flush=True)
    from textual_serve.server import Server

    server = Server(
        app_command(args.data_dir, args.content),
        host=args.host,
        port=args.port,
        title=TITLE,
    )
    try:
        server.serve()
    except OSError as error:  # the port is taken, the address is not ours
        reason = error.strerror or str(error)
        print(f"tui-interview: cannot listen on {args.host}:{args.port}: {reason}", file=sys.stderr)
        return 3
    return 0
