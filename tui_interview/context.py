"""What the app's screens share: where things live, the loaded content, the
session store and the clock. Plain Python; everything is loaded on first use.
(The non-interactive commands build only the one piece each needs.)"""

from __future__ import annotations

import getpass
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from tui_interview import locations
from tui_interview.domain.timeutil import Now, system_now

if TYPE_CHECKING:
    from tui_interview.content.loader import Library
    from tui_interview.domain.hygiene import WordList
    from tui_interview.settings import Settings
    from tui_interview.storage import SessionStore
    from tui_interview.storage.app_state import AppState
    from tui_interview.storage.consensus_store import ConsensusStore
    from tui_interview.storage.crypto import DataKey


class AppContext:
    def __init__(
        self,
        data_dir: Path,
        content_dirs: Sequence[Path],
        now: Now = system_now,
        settings: Settings | None = None,
        key: DataKey | None = None,
    ):
        self.data_dir = data_dir
        self.content_dirs = list(content_dirs)
        self.now = now
        if settings is not None:
            self.settings = settings
        #: The data folder's key when it is encrypted (see ``unlock``).
        self.key = key
        #: The passphrase given by ``--passphrase-file`` or
        #: ``$TUI_INTERVIEW_PASSPHRASE`` for an encrypted folder not yet
        #: unlocked: the app derives the key from it in a thread after its
        #: first paint (``InterviewApp``), then forgets it.
        self.given_passphrase: str | None = None

    @property
    def needs_passphrase(self) -> bool:
        """Whether the data folder is encrypted and not yet unlocked."""
        from tui_interview.storage.crypto import is_encrypted

        return self.key is None and is_encrypted(self.data_dir)

    def unlock(self, passphrase: str) -> None:
        """Derive the folder's key (once; about half a second) and use it from
        now on. Raises WrongPassphrase (then nothing changes)."""
        from tui_interview.storage.crypto import unlock

        self.use_key(unlock(self.data_dir, passphrase))

    def use_key(self, key: DataKey) -> None:
        """Use ``key`` (the folder's, derived by ``storage.crypto.unlock``)
        from now on."""
        self.key = key
        self.given_passphrase = None
        self.__dict__.pop("store", None)  # stores made without the key
        self.__dict__.pop("consensus", None)

    @classmethod
    def from_args(cls, args) -> AppContext:
        """The app's context. With an encrypted data folder and the passphrase
        given by ``--passphrase-file`` or ``$TUI_INTERVIEW_PASSPHRASE``, the
        passphrase is read here (raises PassphraseUnavailable if the file
        cannot be) and kept in ``given_passphrase``: the key is derived by the
        app after its first paint. Else ``key`` stays None for the app to ask."""
        from tui_interview.storage.crypto import is_encrypted
        from tui_interview.storage.passphrase import given_passphrase

        data_dir = locations.data_dir(args.data_dir)
        context = cls(data_dir=data_dir, content_dirs=locations.content_dirs(args.content))
        if is_encrypted(data_dir):
            context.given_passphrase = given_passphrase(args)
        return context

    @cached_property
    def store(self) -> SessionStore:
        from tui_interview.storage import SessionStore

        return SessionStore(self.data_dir, now=self.now, key=self.key)

    @cached_property
    def consensus(self) -> ConsensusStore:
        """The panels' consensus records (in the data folder, beside sessions)."""
        from tui_interview.storage.consensus_store import ConsensusStore

        return ConsensusStore(self.data_dir, now=self.now, key=self.key)

    @cached_property
    def state(self) -> AppState:
        """What the app remembers between runs (the last export folder)."""
        from tui_interview.storage.app_state import AppState

        return AppState(locations.state_dir())

    @cached_property
    def settings(self) -> Settings:
        """The user's config.toml (read once; raises ConfigError)."""
        from tui_interview.settings import load_settings

        return load_settings()

    @cached_property
    def note_words(self) -> WordList | None:
        """The note-hygiene word list config.toml asks for; None when it
        cannot be read (the interview goes on; ``tui-interview hygiene`` says why)."""
        from tui_interview.content.hygiene import WordListError, word_list_for
        from tui_interview.settings import ConfigError

        try:
            return word_list_for(self.settings)
        except (ConfigError, WordListError):
            return None

    @cached_property
    def library(self) -> Library:
        from tui_interview.content.loader import load_library

        return load_library(self.content_dirs)

    def default_interviewer(self) -> str:
        """The configured ``interviewer``, else the interviewer of the most
        recent session, else the login name."""
        if self.settings.interviewer:
            return self.settings.interviewer
        for summary in self.store.list_summaries():
            if summary.interviewer:
                return summary.interviewer
        try:
            return getpass.getuser()
        except (KeyError, OSError, ImportError):  # no login name here (e.g. a container)
            return ""
