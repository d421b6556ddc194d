"""The note-hygiene word list: one YAML file per language (docs/note-hygiene.md).

English ships as ``note_hygiene/en.yaml``; config.toml may name another file
(``note_hygiene_file``) or language (``note_hygiene_language``). Every mistake
in a file is a ``WordListError`` naming the file and the place, e.g.
``en.yaml: categories[2] (age): terms[4]: "aged  " is empty``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from tui_interview.domain.hygiene import Category, Source, WordList, term_words
from tui_interview.errors import TuiInterviewError
from tui_interview.settings import Settings

FORMAT = "tui-interview-note-hygiene"
VERSION = 1
BUNDLED = Path(__file__).resolve().parent / "note_hygiene"
DEFAULT_LANGUAGE = "en"


class WordListError(TuiInterviewError, ValueError):
    """The word list cannot be read or is not valid; the message says where."""


def bundled_languages() -> list[str]:
    return sorted(p.stem for p in BUNDLED.glob("*.yaml"))


def word_list_path(file: Path | None = None, language: str | None = None) -> Path:
    """The file to read: ``file`` if given, else the bundled one for ``language``."""
    if file is not None:
        return file
    language = language or DEFAULT_LANGUAGE
    path = BUNDLED / f"{language}.yaml"
    if not path.is_file():
        shipped = ", ".join(bundled_languages())
        raise WordListError(
            f"no note-hygiene word list for language {language!r} (shipped: {shipped})"
        )
    return path


def _strings(value: Any, where: str, *, empty_ok: bool = False) -> list[str]:
    if value is None and empty_ok:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise WordListError(f"{where}: must be a list of strings")
    if not value and not empty_ok:
        raise WordListError(f"{where}: must not be empty")
    return list(value)


def _text(entry: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = entry.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise WordListError(f"{where}: {key} must be a non-empty string")
    return value.strip()


def parse_word_list(text: str, origin: str) -> WordList:
    """A word list from YAML text; ``origin`` names it in messages."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{origin}:{mark.line + 1}:{mark.column + 1}" if mark else origin
        problem = getattr(error, "problem", None) or str(error)
        raise WordListError(f"{where}: not valid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise WordListError(
            f"{origin}: must be a mapping with format, version, language, categories"
        )
    known = {"format", "version", "language", "sources", "categories"}
    unknown = sorted(str(k) for k in data if k not in known)
    if unknown:
        raise WordListError(
            f"{origin}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})"
        )
    if data.get("format") != FORMAT:
        raise WordListError(f"{origin}: format must be {FORMAT!r}, not {data.get('format')!r}")
    if data.get("version") != VERSION:
        raise WordListError(f"{origin}: version must be {VERSION}, not {data.get('version')!r}")
    language = _text(data, "language", origin)
    sources: list[Source] = []
    raw_sources = data.get("sources") or []
    if not isinstance(raw_sources, list):
        raise WordListError(f"{origin}: sources must be a list")
    for index, entry in enumerate(raw_sources):
        where = f"{origin}: sources[{index}]"
        if not isinstance(entry, dict):
            raise WordListError(f"{where}: must be a mapping with id, title and url")
        sources.append(
            Source(
                _text(entry, "id", where),
                _text(entry, "title", where),
                _text(entry, "url", where, required=False),
            )
        )
    source_ids = {s.id for s in sources}
    raw = data.get("categories")
    if not isinstance(raw, list) or not raw:
        raise WordListError(f"{origin}: categories must be a non-empty list")
    categories: list[Category] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        where = f"{origin}: categories[{index}]"
        if not isinstance(entry, dict):
            raise WordListError(f"{where}: must be a mapping")
        allowed = {"id", "name", "reason", "sources", "terms", "exceptions"}
        extra = sorted(str(k) for k in entry if k not in allowed)
        if extra:
            raise WordListError(f"{where}: unknown key(s) {', '.join(extra)}")
        category_id = _text(entry, "id", where)
        where = f"{where} ({category_id})"
        if category_id in seen:
            raise WordListError(f"{where}: the id {category_id!r} is used twice")
        seen.add(category_id)
        cited = _strings(entry.get("sources"), f"{where}: sources")
        missing = [s for s in cited if s not in source_ids]
        if missing:
            raise WordListError(f"{where}: sources {', '.join(missing)} not listed under sources")
        terms = _strings(entry.get("terms"), f"{where}: terms")
        exceptions = _strings(entry.get("exceptions"), f"{where}: exceptions", empty_ok=True)
        for kind, items in (("terms", terms), ("exceptions", exceptions)):
            folded: set[tuple[str, ...]] = set()
            for number, term in enumerate(items):
                try:
                    words = term_words(term)
                except ValueError as error:
                    raise WordListError(f"{where}: {kind}[{number}] {term!r}: {error}") from None
                if words in folded:
                    raise WordListError(f"{where}: {kind}[{number}] {term!r} is listed twice")
                folded.add(words)
        categories.append(
            Category(
                id=category_id,
                name=_text(entry, "name", where),
                reason=_text(entry, "reason", where),
                sources=tuple(cited),
                terms=tuple(terms),
                exceptions=tuple(exceptions),
            )
        )
    return WordList(language, tuple(categories), tuple(sources), origin)


def read_word_list(path: Path) -> WordList:
    try:
        raw = path.read_bytes()
    except OSError as error:
        from tui_interview.files.errors import describe_os_error

        raise WordListError(f"{path}: cannot read: {describe_os_error(error)}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise WordListError(f"{path}: not UTF-8 text") from None
    return parse_word_list(text, str(path))


@lru_cache(maxsize=8)
def _cached(path: str) -> WordList:
    return read_word_list(Path(path))


def load_word_list(file: Path | None = None, language: str | None = None) -> WordList:
    """The word list in effect (read once per file per run)."""
    return _cached(str(word_list_path(file, language)))


def word_list_for(settings: Settings) -> WordList:
    """The word list config.toml asks for (the bundled English one by default)."""
    return load_word_list(settings.note_hygiene_file, settings.note_hygiene_language)
