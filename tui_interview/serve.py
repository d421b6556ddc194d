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
from typing import Any

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


def served_names(host: str, port: int) -> frozenset[str]:
    """The ``host:port`` names a browser may reach the app under: any name of
    this machine's loopback when serving there, else the one given."""
    hosts = LOCAL_HOSTS if host in LOCAL_HOSTS else frozenset({host})
    return frozenset(f"[{h}]:{port}" if ":" in h else f"{h}:{port}" for h in hosts)


def request_allowed(host_header: str | None, origin: str | None, names: frozenset[str]) -> bool:
    """Whether a request may reach the app. There is no password, so other
    web pages open in the same browser must not: a page from any site may
    open a websocket to any host (sending its own ``Origin``), and by DNS
    rebinding may reach this port under its own name (its ``Host``). So,
    when serving on this machine only, the Host must be a loopback name; and
    an Origin, when sent (browsers always send one with a websocket), must
    be the app's own page: one of those names, or the Host asked for."""
    host_header = (host_header or "").strip().lower()
    loopback = any(name.startswith(("127.0.0.1:", "localhost:", "[::1]:")) for name in names)
    if loopback and host_header not in names:
        return False
    if origin is None:
        return True  # not a browser page (curl, the tests' client)
    scheme, _, rest = origin.strip().lower().partition("://")
    if scheme not in ("http", "https") or not rest or "/" in rest:
        return False  # "null" (a sandboxed or file page), or malformed
    return rest in names or rest == host_header


def _guarded_server(names: frozenset[str]) -> Any:
    """textual-serve's Server, with every request checked by ``request_allowed``."""
    from aiohttp import web
    from textual_serve.server import Server

    @web.middleware
    async def guard(request: web.Request, handler: Any) -> web.StreamResponse:
        if not request_allowed(request.headers.get("Host"), request.headers.get("Origin"), names):
            return web.Response(status=403, text="Forbidden: not this app's own page.\n")
        response: web.StreamResponse = await handler(request)
        return response

    class GuardedServer(Server):
        async def _make_app(self) -> web.Application:
            app: web.Application = await super()._make_app()
            app.middlewares.append(guard)
            return app

    return GuardedServer


def serve(args: argparse.Namespace) -> int:
    """Serve the app until ctrl+c (or SIGTERM); exit 0 then."""
    warning = exposure_warning(args.host, args.port)
    if warning is not None:
        print(warning, file=sys.stderr, flush=True)
    # Every served copy inherits this environment: a passphrase set there for
    # scripts would open the encrypted interviews to whoever opens the page.
    # Each page asks on its own passphrase screen instead.
    from tui_interview.storage.crypto import NEW_PASSPHRASE_ENV, PASSPHRASE_ENV

    os.environ.pop(PASSPHRASE_ENV, None)
    os.environ.pop(NEW_PASSPHRASE_ENV, None)
    server_class = _guarded_server(served_names(args.host, args.port))
    server = server_class(
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
