"""A power-cut simulator for the storage code, in the spirit of SQLite's crash
tests and of ALICE / CrashMonkey.

SIGKILL leaves the kernel's page cache intact, so a kill -9 test cannot see a
missing ``fsync``. Here the storage code runs for real in a folder while every
file operation it makes there is recorded: creating a file or folder, writing,
truncating, ``fsync`` of a file, ``fsync`` of a folder, rename/replace and
unlink. Then, for every prefix of those operations, the simulator builds the
states a power cut at that moment could leave, on a file system that keeps
only what was made durable:

- a file's data written since its last ``fsync`` may be lost, kept, torn (kept
  up to some byte) or kept as zeros (the size reached the disk, the data not);
- a name created, renamed or removed in a folder since that folder's last
  ``fsync`` may be undone. Each name keeps some prefix of its own changes,
  independently of the other names (so a rename can be half done: the file
  under both names, or under neither).

A file's data and its names are separate (an inode model), so renaming a file
whose data was never flushed leaves, in some states, an empty file under the
new name: the classic lost-write of a missing fsync before rename.

Each state is written out into a fresh folder and handed to a checker. When
there are too many combinations at one point, a fixed-seed sample is taken
(always with the two extremes: nothing pending kept, everything kept).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import random
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: States tried at one crash point at most (when there are more combinations).
MAX_STATES_PER_POINT = 24


@dataclass
class Node:
    is_dir: bool
    data: bytearray = field(default_factory=bytearray)
    durable: bytes = b""
    #: Changes since the last fsync: ("write", offset, bytes) or ("truncate", size, b"").
    pending: list[tuple[str, int, bytes]] = field(default_factory=list)


@dataclass(frozen=True)
class Ack:
    """Something the storage code acknowledged (its call returned) at a point."""

    kind: str
    args: tuple[Any, ...]


class Model:
    """What the disk holds, durably and in the page cache."""

    ROOT = 0

    def __init__(self) -> None:
        self.nodes: dict[int, Node] = {self.ROOT: Node(is_dir=True)}
        #: (folder node, name) -> the node it named at the folder's last fsync,
        #: then each node it has named since (None: no such name).
        self.names: dict[tuple[int, str], list[int | None]] = {}
        self._next = 1

    @classmethod
    def of_folder(cls, root: Path) -> Model:
        """Everything already in ``root``, all durable."""
        model = cls()

        def load(folder: Path, node_id: int) -> None:
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                is_dir = entry.is_dir(follow_symlinks=False)
                child = model._new(is_dir)
                if not is_dir:
                    content = Path(entry.path).read_bytes()
                    model.nodes[child].data = bytearray(content)
                    model.nodes[child].durable = content
                model.names[(node_id, entry.name)] = [child]
                if is_dir:
                    load(Path(entry.path), child)

        load(root, cls.ROOT)
        return model

    def copy(self) -> Model:
        other = Model()
        other.nodes = {
            key: Node(node.is_dir, bytearray(node.data), node.durable, list(node.pending))
            for key, node in self.nodes.items()
        }
        other.names = {key: list(history) for key, history in self.names.items()}
        other._next = self._next
        return other

    def _new(self, is_dir: bool) -> int:
        node_id, self._next = self._next, self._next + 1
        self.nodes[node_id] = Node(is_dir=is_dir)
        return node_id

    # -- looking up ---------------------------------------------------------

    def current(self, folder: int, name: str) -> int | None:
        history = self.names.get((folder, name))
        return history[-1] if history else None

    def lookup(self, parts: tuple[str, ...]) -> int | None:
        node: int | None = self.ROOT
        for part in parts:
            if node is None:
                return None
            node = self.current(node, part)
        return node

    # -- the operations ------------------------------------------------------

    def apply(self, op: tuple[Any, ...]) -> None:
        kind = op[0]
        if kind in ("create", "mkdir"):
            _, folder, name, node_id = op
            self.nodes[node_id] = Node(is_dir=kind == "mkdir")
            self._next = max(self._next, node_id + 1)
            self._rename_entry(folder, name, node_id)
        elif kind == "write":
            _, node_id, offset, data = op
            node = self.nodes[node_id]
            if len(node.data) < offset:
                node.data.extend(bytes(offset - len(node.data)))
            node.data[offset : offset + len(data)] = data
            node.pending.append(("write", offset, data))
        elif kind == "truncate":
            _, node_id, size = op
            node = self.nodes[node_id]
            del node.data[size:]
            node.data.extend(bytes(size - len(node.data)))
            node.pending.append(("truncate", size, b""))
        elif kind == "fsync":
            node = self.nodes[op[1]]
            node.durable, node.pending = bytes(node.data), []
            if node.is_dir:
                for key, history in self.names.items():
                    if key[0] == op[1] and len(history) > 1:
                        self.names[key] = [history[-1]]
        elif kind == "rename":
            _, src_folder, src_name, dst_folder, dst_name = op
            node_id = self.current(src_folder, src_name)
            self._rename_entry(dst_folder, dst_name, node_id)
            self._rename_entry(src_folder, src_name, None)
        elif kind == "unlink":
            _, folder, name = op
            self._rename_entry(folder, name, None)
        else:
            raise ValueError(f"unknown operation {op!r}")

    def _rename_entry(self, folder: int, name: str, node_id: int | None) -> None:
        self.names.setdefault((folder, name), [None]).append(node_id)

    # -- what a power cut leaves ----------------------------------------------

    def crash_states(self, rng: random.Random) -> Iterator[tuple[dict[str, Any], str]]:
        """(tree, description) for the states a power cut now could leave.
        A tree maps a name to bytes (a file) or to a tree (a folder)."""
        names = [(key, history) for key, history in self.names.items() if len(history) > 1]
        files = [(key, node) for key, node in self.nodes.items() if node.pending]
        name_choices = [range(len(history)) for _, history in names]
        file_choices = [("lost", "kept", "torn", "zeros") for _ in files]
        axes = name_choices + file_choices
        total = 1
        for axis in axes:
            total *= len(axis)
        if total <= MAX_STATES_PER_POINT:
            combos: Iterator[tuple[Any, ...]] = itertools.product(*axes)
        else:
            first = tuple(axis[0] for axis in axes)
            last = tuple(axis[-1] for axis in axes)
            sampled = {first, last}
            while len(sampled) < MAX_STATES_PER_POINT:
                sampled.add(tuple(rng.choice(list(axis)) for axis in axes))
            combos = iter(sorted(sampled, key=str))
        for combo in combos:
            chosen_names = {
                key: history[index]
                for (key, history), index in zip(names, combo[: len(names)], strict=True)
            }
            contents = {
                key: _content(node, how, rng)
                for (key, node), how in zip(files, combo[len(names) :], strict=True)
            }
            undone = [f"{key[1]}:{index}" for (key, _), index in zip(names, combo, strict=False)]
            how = [f"{key}:{h}" for (key, _), h in zip(files, combo[len(names) :], strict=True)]
            description = f"names kept {undone}, data {how}"
            yield self._tree(self.ROOT, chosen_names, contents, set()), description

    def _tree(self, folder, chosen_names, contents, seen) -> dict[str, Any]:
        tree: dict[str, Any] = {}
        seen = seen | {folder}
        for (parent, name), history in self.names.items():
            if parent != folder:
                continue
            node_id = chosen_names.get((parent, name), history[-1])
            if node_id is None or node_id in seen:
                continue
            node = self.nodes[node_id]
            if node.is_dir:
                tree[name] = self._tree(node_id, chosen_names, contents, seen)
            else:
                tree[name] = contents.get(node_id, node.durable)
        return tree


def _content(node: Node, how: str, rng: random.Random) -> bytes:
    if how == "lost":
        return node.durable
    if how == "kept":
        return bytes(node.data)
    data = bytearray(node.durable)
    pending = node.pending
    if how == "torn":
        # Changes reach the disk in order; the last one only partly.
        count = rng.randrange(len(pending))
        pending = [*pending[:count], _cut(pending[count], rng)]
    for kind, at, chunk in pending:
        if kind == "truncate":
            del data[at:]
            data.extend(bytes(at - len(data)))
            continue
        if how == "zeros":
            chunk = bytes(len(chunk))
        if len(data) < at:
            data.extend(bytes(at - len(data)))
        data[at : at + len(chunk)] = chunk
    return bytes(data)


def _cut(change: tuple[str, int, bytes], rng: random.Random) -> tuple[str, int, bytes]:
    kind, at, chunk = change
    if kind == "write" and chunk:
        return kind, at, chunk[: rng.randrange(len(chunk))]
    return change


def write_tree(tree: dict[str, Any], folder: Path) -> None:
    os.mkdir(folder, 0o700)
    for name, value in tree.items():
        if isinstance(value, dict):
            write_tree(value, folder / name)
        else:
            (folder / name).write_bytes(value)
            os.chmod(folder / name, 0o600)


def tree_key(tree: dict[str, Any]) -> str:
    """Identifies a state for what the store can tell apart: a temporary file
    by its name only (listing ignores it, opening removes it), a lock file by
    whether it holds anything."""
    digest = hashlib.sha256()

    def feed(node: dict[str, Any], prefix: str) -> None:
        for name in sorted(node):
            value = node[name]
            digest.update(f"{prefix}/{name}\0".encode())
            if isinstance(value, dict):
                feed(value, f"{prefix}/{name}")
            elif name.endswith(".tmp"):
                continue
            elif name.endswith(".lock"):
                digest.update(b"1" if value else b"0")
            else:
                digest.update(hashlib.sha256(value).digest())

    feed(tree, "")
    return digest.hexdigest()


class Recorder:
    """Records the file operations made under ``root`` while ``recording()``
    is active, by wrapping the ``os`` functions the storage code calls. The
    operations still happen, for real, in ``root``."""

    def __init__(self, root: Path):
        self.root = Path(os.path.abspath(root))
        self.initial = Model.of_folder(self.root)
        self.model = self.initial.copy()
        #: Operations, with the acknowledgements in between ("ack", Ack).
        self.log: list[tuple[Any, ...]] = []
        self._fds: dict[int, tuple[int, bool]] = {}

    def ack(self, kind: str, *args: Any) -> None:
        self.log.append(("ack", Ack(kind, args)))

    def _parts(self, path: Any) -> tuple[str, ...] | None:
        relative = os.path.relpath(os.path.abspath(os.fspath(path)), self.root)
        if relative == ".":
            return ()
        if relative.startswith(".."):
            return None
        return tuple(relative.split(os.sep))

    def _record(self, op: tuple[Any, ...]) -> None:
        self.model.apply(op)
        self.log.append(op)

    @contextmanager
    def recording(self) -> Iterator[Recorder]:
        real = {name: getattr(os, name) for name in _WRAPPED}
        wrapped = {name: getattr(self, f"_{name}")(real) for name in _WRAPPED}
        for name, function in wrapped.items():
            setattr(os, name, function)
        try:
            yield self
        finally:
            for name, function in real.items():
                setattr(os, name, function)

    # Each wrapper takes the real functions and returns the replacement.

    def _open(self, real):
        def open_(path, flags, mode=0o777, *, dir_fd=None):
            parts = self._parts(path) if dir_fd is None else None
            existed = parts is not None and self.model.lookup(parts) is not None
            fd = real["open"](path, flags, mode, dir_fd=dir_fd)
            if parts is None or not parts:
                if parts == ():
                    self._fds[fd] = (Model.ROOT, False)
                return fd
            folder = self.model.lookup(parts[:-1])
            if folder is None:
                return fd
            if flags & os.O_CREAT and not existed:
                self._record(("create", folder, parts[-1], self.model._next))
            node_id = self.model.lookup(parts)
            if node_id is not None:
                if flags & os.O_TRUNC:
                    self._record(("truncate", node_id, 0))
                self._fds[fd] = (node_id, bool(flags & os.O_APPEND))
            return fd

        return open_

    def _write(self, real):
        def write(fd, data):
            tracked = self._fds.get(fd)
            if tracked is None:
                return real["write"](fd, data)
            node_id, append = tracked
            offset = (
                len(self.model.nodes[node_id].data) if append else real["lseek"](fd, 0, os.SEEK_CUR)
            )
            written = real["write"](fd, data)
            self._record(("write", node_id, offset, bytes(data[:written])))
            return written

        return write

    def _lseek(self, real):
        return real["lseek"]

    def _ftruncate(self, real):
        def ftruncate(fd, size):
            real["ftruncate"](fd, size)
            if fd in self._fds:
                self._record(("truncate", self._fds[fd][0], size))

        return ftruncate

    def _truncate(self, real):
        def truncate(path, size):
            real["truncate"](path, size)
            parts = self._parts(path)
            node_id = self.model.lookup(parts) if parts is not None else None
            if node_id is not None:
                self._record(("truncate", node_id, size))

        return truncate

    def _fsync(self, real):
        def fsync(fd):
            real["fsync"](fd)
            if fd in self._fds:
                self._record(("fsync", self._fds[fd][0]))

        return fsync

    def _close(self, real):
        def close(fd):
            self._fds.pop(fd, None)
            return real["close"](fd)

        return close

    def _move(self, real, name):
        def move(src, dst, **kwargs):
            real[name](src, dst, **kwargs)
            src_parts, dst_parts = self._parts(src), self._parts(dst)
            if src_parts and dst_parts:
                src_folder = self.model.lookup(src_parts[:-1])
                dst_folder = self.model.lookup(dst_parts[:-1])
                op = ("rename", src_folder, src_parts[-1], dst_folder, dst_parts[-1])
                self._record(op)

        return move

    def _replace(self, real):
        return self._move(real, "replace")

    def _rename(self, real):
        return self._move(real, "rename")

    def _unlink(self, real):
        def unlink(path, **kwargs):
            real["unlink"](path, **kwargs)
            parts = self._parts(path)
            if parts:
                self._record(("unlink", self.model.lookup(parts[:-1]), parts[-1]))

        return unlink

    def _mkdir(self, real):
        def mkdir(path, mode=0o777, **kwargs):
            real["mkdir"](path, mode, **kwargs)
            parts = self._parts(path)
            if parts:
                folder = self.model.lookup(parts[:-1])
                self._record(("mkdir", folder, parts[-1], self.model._next))

        return mkdir


_WRAPPED = (
    "open",
    "write",
    "lseek",
    "ftruncate",
    "truncate",
    "fsync",
    "close",
    "replace",
    "rename",
    "unlink",
    "mkdir",
)


@dataclass
class Report:
    points: int = 0
    states: int = 0
    distinct_states: int = 0
    failures: list[str] = field(default_factory=list)


def check_every_prefix(
    recorder: Recorder,
    observe: Callable[[Path], Any],
    verify: Callable[[Any, list[Ack]], list[str]],
    scratch: Path,
    *,
    seed: int = 0,
) -> Report:
    """Crash after each recorded operation (and before the first): build each
    state, ``observe`` it (once per distinct state; its result is cached) and
    ``verify`` the observation against what had been acknowledged by then."""
    rng = random.Random(seed)
    model = recorder.initial.copy()
    acks: list[Ack] = []
    observed: dict[str, Any] = {}
    report = Report()

    def crash_now(index: int, op: tuple[Any, ...] | None) -> None:
        report.points += 1
        for tree, description in model.crash_states(rng):
            report.states += 1
            key = tree_key(tree)
            if key not in observed:
                folder = scratch / f"state{len(observed)}"
                write_tree(tree, folder)
                try:
                    observed[key] = observe(folder)
                finally:
                    shutil.rmtree(folder, ignore_errors=True)
            for problem in verify(observed[key], acks):
                where = f"after op {index} {_describe(op)}" if op else "before any op"
                report.failures.append(f"{where}, {description}: {problem}")

    started = False
    for index, entry in enumerate(recorder.log):
        if entry[0] == "ack":
            acks.append(entry[1])
            continue
        if not started:
            crash_now(index, None)
            started = True
        model.apply(entry)
        crash_now(index, entry)
    if not started:
        crash_now(0, None)
    report.distinct_states = len(observed)
    return report


def _describe(op: tuple[Any, ...]) -> str:
    if op[0] == "write":
        return f"('write', node {op[1]}, at {op[2]}, {len(op[3])} bytes)"
    return repr(op)
