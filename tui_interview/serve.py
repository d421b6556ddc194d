"""``tui-interview serve``: the app in a web browser, with textual-serve.

Each browser tab that opens the page starts its own copy of the app (the
same command, the same ``--data-dir`` and ``--content``) in a subprocess, and
textual-serve relays the terminal over a websocket.

Who may open it (docs/serve.md):

- **A secret per run.** ``serve`` makes a random token (256 bits,
  ``secrets``) and prints the URL holding it. The first request with it
  gets an HttpOnly, SameSite=Strict cookie named for the port, and is sent
  on to the page without the token in its address. Every request (the page,
  the websocket, the assets, downloads) without the token or the cookie gets
  403: another user of the same machine can connect to the port, not in.
- **Host and Origin.** The Host must be one the app is served under (a
  loopback name; the ``--host`` given; with a wildcard ``--host``, this
  machine's name or one of its own addresses), so a DNS-rebound name is
  refused; an Origin, when sent, must be the page's own.
- **A Unix socket** (``--socket PATH``) in a folder only this user may
  enter, for a proxy in front; the token is asked for there too.
- **Wrong passphrases slow down**, for every page of one server together:
  ``storage/serve_throttle.py``, through a 0700 state folder the server makes
  for its run and names to each copy (``keymap.SERVED_ENV``). The same
  variable tells each copy it runs in a browser, so it uses the keys
  browsers let through (``keymap.SERVED_KEYS``).
- **Nothing from outside.** The page is this package's own template
  (``serve_page/``): its assets, font included, come from this server, and a
  Content-Security-Policy keeps the browser from loading anything else.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import secrets
import shlex
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tui_interview.errors import TuiInterviewError

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})
TITLE = "tui-interview"
TOKEN_PARAMETER = "token"
PAGE_DIR = Path(__file__).resolve().parent / "serve_page"

#: Only this server: its scripts, styles, font and images, and its own
#: websocket. Styles may be inline (xterm.js writes its own style element).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


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
        "anyone who can reach this port and has the printed URL (its token) can use "
        "the app and read every stored interview, and the traffic is not encrypted "
        "(http). Use the default (127.0.0.1) unless you mean it."
    )


def new_token() -> str:
    """A secret for one run: 32 random bytes (256 bits), URL-safe."""
    return secrets.token_urlsafe(32)


def cookie_name(port: int | None) -> str:
    """The cookie of the server on ``port`` (browsers share cookies across
    the ports of one host, so each port has its own name)."""
    return f"tui_interview_{port}" if port is not None else "tui_interview_socket"


def token_matches(given: str | None, token: str) -> bool:
    return given is not None and secrets.compare_digest(given.encode(), token.encode())


def served_names(host: str, port: int) -> frozenset[str]:
    """The ``host:port`` names a browser may reach the app under: any name of
    this machine's loopback when serving there, else the one given; with a
    wildcard host, the loopback names and this machine's name too (its
    addresses are checked as they come: ``host_allowed``)."""
    if host in LOCAL_HOSTS:
        hosts = set(LOCAL_HOSTS)
    elif host in WILDCARD_HOSTS:
        hosts = set(LOCAL_HOSTS) | {socket.gethostname().lower()}
    else:
        hosts = {host.lower()}
    return frozenset(f"[{h}]:{port}" if ":" in h else f"{h}:{port}" for h in hosts)


def is_own_address(text: str) -> bool:
    """Whether ``text`` is an IP address of this machine (it can be bound:
    no packet is sent)."""
    try:
        address = ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.bind((str(address), 0))
    except OSError:
        return False
    return True


def host_allowed(host_header: str, names: frozenset[str], *, wildcard: bool = False) -> bool:
    """Whether the Host asked for is one the app is served under: one of
    ``names``, or, serving on a wildcard address, one of this machine's own
    addresses on the same port. A name a DNS server points here (rebinding)
    is neither."""
    if host_header in names:
        return True
    if not wildcard or not names:
        return False
    port = next(iter(names)).rsplit(":", 1)[1]
    address, _, asked_port = host_header.rpartition(":")
    return asked_port == port and is_own_address(address)


def request_allowed(
    host_header: str | None,
    origin: str | None,
    names: frozenset[str],
    *,
    wildcard: bool = False,
    any_host: bool = False,
) -> bool:
    """Whether a request may reach the app (the token is checked apart). A
    page from another site may open a websocket to any host (sending its own
    ``Origin``), and by DNS rebinding may reach this port under its own name
    (its ``Host``). So the Host must be one the app is served under (any,
    behind a proxy on a Unix socket: ``any_host``), and an Origin, when sent
    (browsers always send one with a websocket), must be the page's own: the
    Host asked for, or another name the app is served under."""
    host_header = (host_header or "").strip().lower()
    if not host_header:
        return False
    if not any_host and not host_allowed(host_header, names, wildcard=wildcard):
        return False
    if origin is None:
        return True  # not a browser page (curl, the tests' client)
    scheme, _, rest = origin.strip().lower().partition("://")
    if scheme not in ("http", "https") or not rest or "/" in rest:
        return False  # "null" (a sandboxed or file page), or malformed
    return rest == host_header or rest in names


def page_urls(host: str, port: int, token: str) -> list[str]:
    """The URLs ``serve`` prints: each holds the token."""
    if host == "localhost":
        hosts = ["127.0.0.1"]  # what listen() binds for it
    elif host in WILDCARD_HOSTS:
        hosts = [socket.gethostname(), "127.0.0.1"]
    else:
        hosts = [host]
    return [
        f"http://{f'[{h}]' if ':' in h else h}:{port}/?{TOKEN_PARAMETER}={quote(token)}"
        for h in hosts
    ]


class ServeRefused(TuiInterviewError):
    """``serve`` cannot listen: the message says why (exit 2 or 3)."""

    def __init__(self, message: str, exit_status: int):
        super().__init__(message)
        self.exit_status = exit_status


def private_folder(path: Path) -> Path:
    """``path``, a folder only this user may enter: made 0700 if missing,
    refused if anyone else may enter it or it is not this user's."""
    try:
        if not os.path.lexists(path):
            path.mkdir(mode=0o700, parents=True)
        info = os.lstat(path)
    except OSError as error:
        raise ServeRefused(f"cannot make {path}: {error.strerror or error}", 3) from None
    if not stat.S_ISDIR(info.st_mode):
        raise ServeRefused(f"{path} is not a folder", 2)
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise ServeRefused(f"{path} belongs to another user", 2)
    if info.st_mode & 0o077:
        mode = stat.S_IMODE(info.st_mode)
        raise ServeRefused(
            f"{path} is open to other users (mode {mode:o}); make it 0700 (chmod 700)", 2
        )
    return path


def listen(host: str, port: int, socket_path: Path | None) -> socket.socket:
    """The listening socket, bound before anything is printed or started."""
    if socket_path is not None:
        private_folder(socket_path.parent)
        if socket_path.is_socket():
            socket_path.unlink()  # one left by a server that was killed
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(str(socket_path))
            os.chmod(socket_path, 0o600)
        except OSError as error:
            listener.close()
            reason = error.strerror or str(error)
            raise ServeRefused(f"cannot listen on {socket_path}: {reason}", 3) from None
        listener.listen(128)
        return listener
    try:
        lookup = "127.0.0.1" if host == "localhost" else (host or None)
        infos = socket.getaddrinfo(lookup, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        listener = socket.socket(family, kind, proto)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
    except OSError as error:  # the port is taken, the address is not ours
        reason = error.strerror or str(error)
        raise ServeRefused(f"cannot listen on {host}:{port}: {reason}", 3) from None
    listener.listen(128)
    return listener


def _guarded_server(
    token: str, names: frozenset[str], cookie: str, *, wildcard: bool, any_host: bool
) -> Any:
    """textual-serve's Server, with this package's page, every request
    checked (Host, Origin, token or cookie) and no outside asset."""
    import aiohttp_jinja2
    from aiohttp import web
    from textual_serve.server import Server, to_int

    @web.middleware
    async def guard(request: web.Request, handler: Any) -> web.StreamResponse:
        headers = request.headers
        if not request_allowed(
            headers.get("Host"), headers.get("Origin"), names, wildcard=wildcard, any_host=any_host
        ):
            return _forbidden("not this app's own page")
        given = request.query.get(TOKEN_PARAMETER)
        if token_matches(given, token):
            if request.method == "GET" and request.path == "/":
                # Into a cookie, and out of the address bar and the history.
                query = {k: v for k, v in request.query.items() if k != TOKEN_PARAMETER}
                target = request.rel_url.with_query(query)
                answer = web.Response(status=303, headers={"Location": str(target)})
                answer.set_cookie(cookie, token, httponly=True, samesite="Strict", path="/")
                _secure_headers(answer)
                return answer
        elif not token_matches(request.cookies.get(cookie), token):
            return _forbidden("open the URL tui-interview serve printed (it holds the token)")
        response: web.StreamResponse = await handler(request)
        if not response.prepared:
            _secure_headers(response)
        return response

    def _forbidden(why: str) -> web.Response:
        answer = web.Response(status=403, text=f"Forbidden: {why}.\n")
        _secure_headers(answer)
        return answer

    def _secure_headers(response: web.StreamResponse) -> None:
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-store"

    class GuardedServer(Server):
        async def _make_app(self) -> web.Application:
            app: web.Application = await super()._make_app()
            app.middlewares.append(guard)
            app.router.add_static("/page", PAGE_DIR / "static", name="page")
            app.on_cleanup.append(self._collect)
            return app

        async def _collect(self, app: web.Application) -> None:
            # The pages still open at ctrl+c leave their apps' pipes to the
            # garbage collector: close them while the event loop still runs.
            import gc

            gc.collect()

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            """The page, with paths only (no host: it works under any name
            or proxy the browser used); its script works out the
            websocket's address from the page's own."""
            context = {
                "font_size": to_int(request.query.get("fontsize", "16"), 16),
                "title": self.title,
            }
            response: web.StreamResponse = aiohttp_jinja2.render_template(
                "app_index.html", request, context
            )
            return response

        async def on_startup(self, app: web.Application) -> None:
            pass  # serve() prints the URL once it listens

    return GuardedServer


def serve(args: argparse.Namespace) -> int:
    """Serve the app until ctrl+c (or SIGTERM); exit 0 then."""
    socket_path = Path(args.socket).expanduser().absolute() if args.socket else None
    if socket_path is None:
        warning = exposure_warning(args.host, args.port)
        if warning is not None:
            print(warning, file=sys.stderr, flush=True)
    try:
        listener = listen(args.host, args.port, socket_path)
    except ServeRefused as refused:
        print(f"tui-interview: {refused}", file=sys.stderr)
        return refused.exit_status
    # Every served copy inherits this environment: a passphrase set there for
    # scripts would open the encrypted interviews to whoever opens the page.
    # Each page asks on its own passphrase screen instead.
    from tui_interview.keymap import SERVED_ENV
    from tui_interview.storage.crypto import NEW_PASSPHRASE_ENV, PASSPHRASE_ENV

    os.environ.pop(PASSPHRASE_ENV, None)
    os.environ.pop(NEW_PASSPHRASE_ENV, None)
    state = tempfile.mkdtemp(prefix="tui-interview-serve-")  # 0700, this user's
    os.environ[SERVED_ENV] = state
    token = new_token()
    port = None if socket_path is not None else listener.getsockname()[1]
    names = frozenset() if port is None else served_names(args.host, port)
    server_class = _guarded_server(
        token,
        names,
        cookie_name(port),
        wildcard=args.host in WILDCARD_HOSTS,
        any_host=socket_path is not None,
    )
    command = app_command(args.data_dir, args.content)
    server = server_class(
        command,
        host=args.host,
        port=port or 0,
        title=TITLE,
        templates_path=PAGE_DIR / "templates",
    )
    if port is None:
        print(f"Serving on the Unix socket {socket_path}; through the proxy in front, open")
        print(f"  /?{TOKEN_PARAMETER}={quote(token)}")
    else:
        print("Open the app in a browser (the token in this URL is its password for this run):")
        for url in page_urls(args.host, port, token):
            print(f"  {url}")
    print(f"Serving {command}")
    print("Press ctrl+c to stop.", flush=True)
    try:
        _run(server, listener)
    finally:
        listener.close()
        shutil.rmtree(state, ignore_errors=True)
        if socket_path is not None:
            socket_path.unlink(missing_ok=True)
    return 0


def _run(server: Any, listener: socket.socket) -> None:
    """textual-serve's ``Server.serve``, on the socket already bound."""
    import asyncio
    import signal

    from aiohttp import web

    server.initialize_logging()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.add_signal_handler(signal.SIGINT, server.request_exit)
        loop.add_signal_handler(signal.SIGTERM, server.request_exit)
    except NotImplementedError:
        pass
    web.run_app(
        server._make_app(),
        sock=listener,
        handle_signals=False,
        loop=loop,
        print=lambda *args: None,
        access_log_class=_access_log(),
    )


def _access_log() -> Any:
    """aiohttp's access log without the query: the token stays out of logs."""
    from aiohttp.abc import AbstractAccessLogger

    class PathOnly(AbstractAccessLogger):
        def log(self, request: Any, response: Any, time: float) -> None:
            self.logger.info(
                '%s "%s %s" %s', request.remote, request.method, request.path, response.status
            )

    return PathOnly
