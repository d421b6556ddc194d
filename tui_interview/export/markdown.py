"""The Markdown transcript of a session (GitHub-flavoured Markdown).

Layout: a title and a table of the interview's details; the opening section's
notes; then, per competency, its questions in the order asked (the time spent
on each, probing questions ticked or not, the notes as a timeline, the
behaviours those notes are evidence for; a question keeps its number in the
plan, and one added during the interview says so) and its behaviours grouped
by level with the notes linked to each as evidence; added questions of no
competency; the general remarks, the candidate's questions and the closing
(each section shown when it has notes or time spent); then a summary
(behaviours observed, what was not covered, notes to follow up, ratings);
then a footer. Deleted notes are left out; an edited
note shows its final text.

Text typed by people (names, notes, rationales) and text from content files
can never change the document's structure: every piece goes through
``escape_inline`` (or ``escape_block`` for a note's lines), which makes it
literal, both for GitHub (cmark-gfm) and for pandoc's ``gfm`` reader (no
math from ``$``, no emoji from ``:name:``); a URL stays a working link with
no visible backslash (``<https://…>``, or a bare ``www.`` link left as it is).
A reader of the parsed document sees ``displayed_text(text)``: the
text itself, with every kind of line break shown as a line break and control,
bidi and zero-width characters shown as visible symbols (``visible_text``).

The output depends only on the session and ``now``, which appears on the one
line ``Exported at: …`` and nowhere else.

What the transcript shows is decided once, in ``Transcript``; how it is written
is a ``Writer``'s: ``MarkdownWriter`` here, ``export.html.HtmlWriter`` for the
printable page. Every rule about what appears (deleted notes left out, the
order asked, the summary) therefore holds for both.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from tui_interview import __version__
from tui_interview.domain.competency import Behaviour, Competency
from tui_interview.domain.display import visible_text
from tui_interview.domain.pacing import StopPace, recorded_paces
from tui_interview.domain.rating import Suggestion, anchor, compare_to_target, suggest_level
from tui_interview.domain.session import (
    STAR_TAGS,
    ChecklistEvent,
    Note,
    QuestionRef,
    Rating,
    Section,
    Session,
    Stop,
    Tag,
)
from tui_interview.domain.timeutil import (
    clock_stamp,
    format_date,
    format_elapsed,
    format_timestamp,
)
from tui_interview.domain.vocabulary import SECTIONS_AFTER, SECTIONS_BEFORE
from tui_interview.export.redact import redact_session

#: Characters that can start inline syntax anywhere in a line (code, emphasis,
#: links and images, HTML, entities, tables, strikethrough, a heading's closing
#: #s). Other punctuation is left as it is, so the file reads as plain text.
_ACTIVE = re.compile(r"[\\`*_\[\]<>&|~$]|(?<!\S)#|:(?=[\w+-]+:)")
#: An underscore run between two letters or digits can neither open nor close
#: emphasis (CommonMark's flanking rules), so ``zoe_star`` needs no backslash.
_PLAIN = re.compile(r"((?<=[^\W_])_+(?=[^\W_]))|" + _ACTIVE.pattern)
#: A URL with a scheme (as far as a space or angle bracket), or an extended
#: ``www.`` autolink of characters that never need escaping. The end is then
#: trimmed as GitHub's extended autolinks trim it (trailing punctuation, an
#: unmatched ")", an entity-like "&name;"), and an "&" that would read as an
#: entity ends it (cmark-gfm decodes entities in an autolink, pandoc does not).
_URL = re.compile(
    r"(?:https?|ftp)://[^\s<>&|`]+(?:&(?![#\w]+;)[^\s<>&|`]*)*"
    r"|(?<![^\s(*_~])www\.(?:(?!(?:https?|ftp)://)\S)*"
)
#: A ``www.`` link that may stay as it is: no character in it needs escaping.
_SAFE_WWW = re.compile(r"www\.[\w-]+(?:\.[\w-]+)+(?:[/?#][\w\-.~:/?#@!'()+,;=%]*)?")
_TRAILING = "?!.,:*_~'\""
#: What makes a line a list item, a thematic break or a setext underline when
#: it starts the line: its first mark is escaped.
_LINE_START_MARKER = re.compile(r"[-+=]|\d+(?=[.)])")
#: A hard line break inside a list item's paragraph (backslash, newline, indent).
_HARD_BREAK = "\\\n"

_MISSING = "—"
_TICKED = "✓"
_UNTICKED = "✗"


def displayed_text(text: str) -> str:
    """What a reader of the rendered transcript sees of ``text``: the one rule
    of ``domain.display.visible_text`` for multi-line surfaces (line breaks of
    every kind as ``\\n``, control characters as ``^[``, bidi and zero-width
    characters as ``<U+202E>``). Everything else is unchanged."""
    return visible_text(text, multiline=True)


def escape_inline(text: str) -> str:
    """``text`` as Markdown inline content that renders as exactly
    ``displayed_text(text)``, on one line of output.

    Every character that can start inline syntax is backslash-escaped, and so
    is a list, break or underline mark at the start, so no emphasis, link,
    code, HTML, entity, heading, list, quote or table syntax can form; line
    breaks and whitespace at either end (which Markdown would drop or read as
    indentation) become numeric character references.
    """
    text = _literal_under_pandoc(_escape_with_links(displayed_text(text)).replace("\n", "&#10;"))
    text = _escape_line_start(text)
    core = text.strip()
    if core == text:
        return text
    start = len(text) - len(text.lstrip())
    return _references(text[:start]) + core + _references(text[start + len(core) :])


def escape_block(text: str, indent: str) -> str:
    """``text`` as the lines of one paragraph: each line break a hard line break,
    continuation lines indented by ``indent`` (to stay inside a list item)."""
    return (_HARD_BREAK + indent).join(_escaped_lines(text))


def _escaped_lines(text: str) -> list[str]:
    text = displayed_text(text)
    core = text.strip("\n")
    if not core:
        return [escape_inline(text)]
    # Line breaks at either end would be dropped as hard breaks: keep them as
    # character references instead.
    start = len(text) - len(text.lstrip("\n"))
    lines = [escape_inline(line) for line in core.split("\n")]
    lines[0] = "&#10;" * start + lines[0]
    lines[-1] += "&#10;" * (len(text) - start - len(core))
    lines[-1] = _literal_under_pandoc(lines[-1])
    return lines


#: A bare ``www.`` link that a character reference (a line break kept as
#: ``&#10;``) follows: pandoc's reader would run the link on into it.
_WWW_BEFORE_REFERENCE = re.compile(r"(?<![0-9A-Za-z\\])www\.(?=\S*?&#)")


def _literal_under_pandoc(text: str) -> str:
    """Such a link shown as plain text (its dot escaped), so that it ends
    where the URL does; and characters that Unicode normalisation would
    change (pandoc normalises its input to NFC: U+F900 becomes U+8C48, e and
    a combining acute become é) as character references, which it keeps."""
    text = _WWW_BEFORE_REFERENCE.sub(r"www\\.", text)
    if unicodedata.is_normalized("NFC", text):
        return text
    return "".join(f"&#{ord(c)};" if _changed_by_nfc(c) else c for c in text)


def _changed_by_nfc(char: str) -> bool:
    """Whether NFC can change ``char`` (a combining mark composes with what is
    before it; a singleton such as U+F900 is replaced)."""
    return bool(unicodedata.combining(char)) or unicodedata.normalize("NFC", char) != char


def _escape_with_links(text: str) -> str:
    """``text`` with its active characters escaped, and each URL in it written
    as a link that shows the URL exactly: ``<scheme://…>`` (an autolink, where
    no escape is read), a ``www.`` URL as it is when nothing in it needs
    escaping (GitHub and pandoc both link it), else as plain text."""
    parts = []
    done = 0
    for match in _URL.finditer(text):
        url = _trim_url(match.group())
        if "://" in url and url.index("://") + 3 == len(url):
            continue  # a scheme with nothing after it is no link
        parts.append(_escape_plain(text[done : match.start()]))
        if not match.group().startswith("www."):
            parts.append(f"<{url}>")
            done = match.start() + len(url)
            continue
        run = match.group()
        after = text[match.end() :]
        # Raw only when followed by a space that stays a space (a line break
        # or a space at the end becomes a character reference, which GitHub
        # would take into the link).
        ends = after[:1] == " " and bool(after.strip())
        if ends and _SAFE_WWW.fullmatch(url) and not run[len(url) :].strip(".,?!'"):
            parts.append(run)
        else:
            # GitHub would link it as typed, showing any backslash in it:
            # a reference for its first "w" keeps it from being a link.
            parts.append(_escape_plain(run).replace("www.", "&#119;ww."))
        done = match.end()
    parts.append(_escape_plain(text[done:]))
    return "".join(parts)


def _trim_url(url: str) -> str:
    """The part of ``url`` GitHub links: without trailing punctuation, an
    unmatched closing bracket or an entity-like ``&name;``."""
    for at, char in enumerate(url):
        if _changed_by_nfc(char):
            url = url[:at]  # pandoc would normalise it: the link ends before it
            break
    while url:
        if url[-1] in _TRAILING:
            url = url[:-1]
        elif url[-1] == ")" and url.count(")") > url.count("("):
            url = url[:-1]
        elif url[-1] == ";" and (entity := re.search(r"&\w+;$", url)):
            url = url[: entity.start()]
        else:
            break
    return url


def _escape_plain(text: str) -> str:
    """Every active character backslash-escaped, except a run of underscores
    inside a word (which cannot form emphasis)."""
    return _PLAIN.sub(_plain_escape, text)


def _plain_escape(match: re.Match[str]) -> str:
    return match.group() if match.group(1) else "\\" + match.group()


def _escape_line_start(text: str) -> str:
    """Escape the mark that would make ``text`` (which may start a line after
    leading spaces, themselves turned into references) a block of its own."""
    core = text.lstrip()
    marker = _LINE_START_MARKER.match(core)
    if marker is None:
        return text
    start = len(text) - len(core) + marker.end()
    if core[0].isdigit():  # "1." or "1)": escape the dot or bracket after the digits
        return text[:start] + "\\" + text[start:]
    return text[: start - 1] + "\\" + text[start - 1 :]


def _backslash(match: re.Match[str]) -> str:
    # A function, not a "\\\g<0>" template: faster, as re expands no template.
    return "\\" + match.group()


def _references(whitespace: str) -> str:
    return "".join(f"&#{ord(char)};" for char in whitespace)


def render_markdown(
    session: Session, *, now: datetime, redact: bool = False, redact_also: Sequence[str] = ()
) -> str:
    """The transcript of ``session``; ``now`` is the export time shown in the
    footer. ``redact_also`` names more people to redact (it implies ``redact``)."""
    if redact or redact_also:
        session = redact_session(session, redact_also)
    writer = MarkdownWriter()
    blocks = Transcript(session, writer).blocks()
    blocks.append(writer.paragraph(f"Exported at: {format_timestamp(now)}"))
    return "\n\n".join(blocks) + "\n"


class Writer(Protocol):
    """How the transcript's parts are written in one format. ``Transcript``
    decides what is shown, in what order, with which words; a writer only
    writes it. Every text a person typed or a content file holds reaches the
    output through ``text``, ``block`` or ``note_lines``, which make it literal
    in that format."""

    def text(self, text: str) -> str:
        """``text`` as literal inline content (on one line of output)."""

    def block(self, text: str, *, in_item: bool) -> str:
        """``text`` as literal content whose line breaks stay line breaks,
        inside a list item (``in_item``) or a paragraph."""

    def note_lines(self, text: str) -> list[str]:
        """A note's text as its literal lines."""

    def heading(self, level: int, content: str) -> str: ...

    def paragraph(self, content: str) -> str: ...

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str: ...

    def item(self, content: str, children: Sequence[str] = (), *, depth: int = 0) -> str:
        """One list item (nested ``depth`` lists deep); ``children`` are
        notes (``note`` at ``depth`` + 1) or items (``item`` at ``depth`` + 1)
        under it."""

    def items(self, items: Sequence[str]) -> str:
        """A list of ``item``/``note`` results ("" when there are none)."""

    def strong(self, content: str) -> str: ...

    def emphasis(self, content: str) -> str: ...

    def rule(self) -> str: ...

    def note(
        self,
        header: Sequence[str],
        lines: Sequence[str],
        *,
        quote: bool,
        original: Sequence[str] | None,
        depth: int,
    ) -> str:
        """One note as a list item: its header parts, then its lines (a block
        quote when ``quote``), then the text it was first written as, if edited."""


class MarkdownWriter:
    """GitHub-flavoured Markdown, escaped by ``escape_inline``/``escape_block``."""

    def text(self, text: str) -> str:
        return escape_inline(text)

    def block(self, text: str, *, in_item: bool) -> str:
        return escape_block(text, "  " if in_item else "")

    def note_lines(self, text: str) -> list[str]:
        return _escaped_lines(text)

    def heading(self, level: int, content: str) -> str:
        return f"{'#' * level} {content}"

    def paragraph(self, content: str) -> str:
        return content

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
        lines = [_row(header), _row(["---"] * len(header))]
        lines += [_row(row) for row in rows]
        return "\n".join(lines)

    def item(self, content: str, children: Sequence[str] = (), *, depth: int = 0) -> str:
        return "\n".join([f"{'  ' * depth}- {content}", *children])

    def items(self, items: Sequence[str]) -> str:
        return "\n".join(items)

    def strong(self, content: str) -> str:
        return f"**{content}**"

    def emphasis(self, content: str) -> str:
        return f"_{content}_"

    def rule(self) -> str:
        return "---"

    def note(
        self,
        header: Sequence[str],
        lines: Sequence[str],
        *,
        quote: bool,
        original: Sequence[str] | None,
        depth: int,
    ) -> str:
        indent = "  " * depth
        body_indent = indent + "  "
        if quote:
            # The candidate's own words, as a block quote inside the item.
            quoted = (_HARD_BREAK + body_indent + "> ").join(lines)
            item = f"{indent}- {' · '.join(header)}\n\n{body_indent}> {quoted}"
        else:
            body = (_HARD_BREAK + body_indent).join(lines)
            item = f"{indent}- {' · '.join(header)}{_HARD_BREAK}{body_indent}{body}"
        if original is not None:
            first = (_HARD_BREAK + body_indent).join(original)
            item += f"\n\n{body_indent}First written as: {first}"
        return item


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


class Transcript:
    """Builds the transcript's blocks (paragraphs, lists, tables, headings),
    written by ``writer``: the one place that decides what a transcript shows,
    for Markdown (``MarkdownWriter``) and HTML (``export.html``)."""

    def __init__(self, session: Session, writer: Writer):
        self.session = session
        self.w = writer
        self.numbers = session.question_numbers()
        self.notes: dict[Stop, list[Note]] = session.notes_by_stop()
        #: Stop -> its time spent and share (time spent None if not kept).
        self.paces: dict[Stop, StopPace] = {p.stop: p for p in recorded_paces(session)}
        planned = [p.competency_id for p in session.competencies]
        #: Competency id -> behaviour id -> the notes linked to it as evidence.
        self.evidence = {cid: session.linked_notes(cid) for cid in planned}
        #: Competency id -> behaviour id -> the notes linked to it as evidence against.
        self.against = {cid: session.notes_against(cid) for cid in planned}
        #: Note id -> its time on the interview clock (for "contradicts [12:34]").
        self.stamps = {note.id: clock_stamp(note.elapsed_seconds) for note in session.notes}
        #: Competency id -> the behaviours observed (ticked or linked from a note).
        self.observed_ids = {cid: session.observed_behaviour_ids(cid) for cid in planned}
        #: Competency id -> behaviour id -> the tick that observed it.
        self.ticks = {cid: session.behaviour_ticks(cid) for cid in planned}
        #: Note id -> its written lines (see ``note_item``).
        self.note_lines: dict[str, list[str]] = {}

    def blocks(self) -> list[str]:
        session, w = self.session, self.w
        blocks = [w.heading(1, f"Interview transcript: {w.text(session.candidate)}")]
        blocks.append(self.details())
        blocks += self.outcome()
        blocks.append(w.heading(2, "The interview"))
        blocks.append(
            w.paragraph(
                "Questions appear in the order they were asked; each keeps its number "
                "in the interview plan. Times in [mm:ss] are on the interview clock; "
                "wall-clock times are only in the details above and in the JSON."
            )
        )
        for section in SECTIONS_BEFORE:
            blocks += self.section(section)
        order = session.plan_in_order_asked()
        for planned in session.competencies:
            competency = session.competency(planned.competency_id)
            blocks.append(w.heading(2, w.text(competency.name)))
            blocks.append(
                w.paragraph(f"Target: {self.level_label(competency, planned.target_level)}")
            )
            for ref in order:
                if ref.competency_id == competency.id:
                    blocks += self.question(ref)
            blocks += self.behaviours(competency, planned.target_level)
        planned_ids = {p.competency_id for p in session.competencies}
        others = [ref for ref in order if ref.competency_id not in planned_ids]
        if others:
            blocks.append(w.heading(2, "Added questions"))
            for ref in others:
                blocks += self.question(ref)
        for section in SECTIONS_AFTER:
            blocks += self.section(section)
        blocks += self.summary()
        blocks += self.footer()
        return blocks

    # -- the details table --------------------------------------------------

    def details(self) -> str:
        session, w = self.session, self.w
        moment = session.started_at or session.created_at
        targets = "; ".join(
            f"{w.text(session.competency(p.competency_id).name)}, target "
            f"{self.level_label(session.competency(p.competency_id), p.target_level)}"
            for p in session.competencies
        )
        rows = [
            ("Candidate", w.text(session.candidate)),
            ("Role", w.text(session.role) or _MISSING),
            ("Interviewer", w.text(session.interviewer) or _MISSING),
            ("Date", format_date(moment)),
            ("Start", _timestamp(session.started_at, "not started")),
            ("End", _timestamp(session.finished_at, "not finished")),
            ("Duration", self.duration()),
        ]
        if session.time_budget_minutes is not None:
            rows.append(("Time budget", f"{session.time_budget_minutes} minutes"))
        rows += [
            ("Competencies", targets or _MISSING),
            ("Session", w.text(session.id)),
            ("Plan", w.text(session.plan_id) if session.plan_id else _MISSING),
            ("Status", session.status.value),
        ]
        return w.table(["Detail", "Value"], rows)

    def duration(self) -> str:
        clock = self.session.clock
        clock_time = format_elapsed(clock.accumulated_seconds)
        text = f"{clock_time} on the interview clock (pauses excluded)"
        started, finished = self.session.started_at, self.session.finished_at
        if started is not None and finished is not None:
            wall = format_elapsed((finished - started).total_seconds())
            if wall != clock_time:
                text += f"; {wall} wall time"
        if clock.running_since is not None:
            text += f"; clock running since {format_timestamp(clock.running_since)}"
        return text

    # -- the outcome, first ---------------------------------------------------

    def outcome(self) -> list[str]:
        """What the hiring manager reads first: the overall recommendation,
        then per competency the rating against its target, the suggestion of
        now with its reasons (rated or not) and the evidence counted."""
        session, w = self.session, self.w
        blocks = [w.heading(2, "Outcome"), w.heading(3, "Overall recommendation")]
        history = session.recommendations
        if not history:
            blocks.append(w.paragraph("No overall recommendation was made."))
        else:
            current = history[-1]
            items = [
                w.item(w.strong(current.value.label)),
                w.item(f"Rationale: {w.block(current.rationale, in_item=True)}"),
            ]
            if current.strengths.strip():
                items.append(w.item(f"Key strengths: {w.block(current.strengths, in_item=True)}"))
            if current.concerns.strip():
                items.append(w.item(f"Concerns: {w.block(current.concerns, in_item=True)}"))
            for earlier, later in zip(history, history[1:], strict=False):
                reason = w.block(later.reason or "no reason given", in_item=True)
                items.append(
                    w.item(
                        f"Changed from {earlier.value.label} on "
                        f"{format_timestamp(later.submitted_at)}: {reason}"
                    )
                )
            blocks.append(w.items(items))
        header = ["Competency", "Rating", "Target", "Against the target", "Suggested now"]
        header.append("Evidence")
        rows = []
        reasons = []
        for planned in session.competencies:
            competency = session.competency(planned.competency_id)
            suggestion = suggest_level(session, competency.id)
            history_ = session.rating_history(competency.id)
            against: str
            if history_:
                level = history_[-1].level
                rating = w.text(anchor(competency, level).label)
                against = compare_to_target(level, planned.target_level)
            else:
                rating, against = "not rated", _MISSING
            observed = len(self.observed_ids[competency.id])
            linked = {n.id for notes in self.evidence[competency.id].values() for n in notes}
            suggested = (
                "none (why below)" if suggestion.level is None else f"level {suggestion.level}"
            )
            rows.append(
                [
                    w.text(competency.name),
                    rating,
                    f"level {planned.target_level}",
                    against,
                    suggested,
                    f"{observed} behaviours observed, {len(linked)} notes linked",
                ]
            )
            reasons.append(
                w.item(
                    f"{w.text(competency.name)}: "
                    + self.suggestion(suggestion.level, suggestion.text)
                )
            )
        blocks.append(w.heading(3, "Competencies"))
        blocks.append(w.table(header, rows))
        blocks += [w.paragraph("Suggested levels and why:"), w.items(reasons)]
        return blocks

    # -- questions ------------------------------------------------------------

    def section(self, section: Section) -> list[str]:
        """A section's notes and time, if it has either."""
        w = self.w
        notes = self.notes.get(section, [])
        time = self.time_spent(section)
        if not notes and not self.paces[section].used_seconds:
            return []
        blocks = [w.heading(2, section.label)]
        if time:
            blocks.append(w.paragraph(time))
        if notes:
            blocks += [w.paragraph("Notes:"), w.items([self.note_item(note) for note in notes])]
        else:
            blocks.append(w.paragraph("Notes: none."))
        return blocks

    def time_spent(self, stop: Stop) -> str | None:
        """``Time spent: 04:10 (share 05:00)``; None when not kept."""
        pace = self.paces[stop]
        if pace.used_seconds is None:
            return None
        text = f"Time spent: {format_elapsed(pace.used_seconds)}"
        if pace.share_seconds is not None:
            text += f" (share {format_elapsed(pace.share_seconds)})"
        return text

    def question(self, ref: QuestionRef) -> list[str]:
        session, w = self.session, self.w
        question = session.question(ref)
        added = session.added_question(ref)
        competency = session.content.get(ref.competency_id)
        if competency is None:
            about = "no competency"
        elif question.level == 0:
            about = w.text(competency.name)
        else:
            about = f"{w.text(competency.name)}, {self.level_label(competency, question.level)}"
        mark = " (added during the interview)" if added is not None else ""
        blocks = [
            w.heading(3, f"Question {self.numbers[ref]}{mark}: {about}"),
            w.paragraph(w.text(question.text)),
        ]
        time = self.time_spent(ref)
        if time:
            blocks.append(w.paragraph(time))
        if question.probes:
            items = []
            asked_probes = session.probe_ticks(ref)
            for probe in question.probes:
                event = asked_probes.get(probe.id)
                status = f"asked {_when(event)}" if event else "not asked"
                mark = _TICKED if event else _UNTICKED
                items.append(w.item(f"{mark} {w.text(probe.text)} — {status}"))
            blocks += [w.paragraph("Probing questions:"), w.items(items)]
        notes = self.notes.get(ref, [])
        if notes:
            blocks += [w.paragraph("Notes:"), w.items([self.note_item(note) for note in notes])]
        else:
            blocks.append(w.paragraph("Notes: none."))
        if competency is not None:
            for side, links in (("for", "behaviours"), ("against", "behaviours_against")):
                blocks += self.evidence_list(competency, notes, side, links)
        return blocks

    def evidence_list(
        self, competency: Competency, notes: list[Note], side: str, links: str
    ) -> list[str]:
        """The behaviours ``notes`` are evidence ``side`` (for or against:
        the note field ``links``), each with the times of its notes."""
        w = self.w
        linked: dict[str, list[Note]] = {}
        for note in notes:
            for behaviour_id in getattr(note, links):
                linked.setdefault(behaviour_id, []).append(note)
        if not linked:
            return []
        items = []
        for behaviour_id, evidence in linked.items():
            behaviour = competency.behaviour(behaviour_id)
            times = ", ".join(clock_stamp(n.elapsed_seconds) for n in evidence)
            items.append(w.item(f"L{behaviour.level} {w.text(behaviour.text)} — notes {times}"))
        return [w.paragraph(f"Behaviours these notes are evidence {side}:"), w.items(items)]

    # -- behaviours -----------------------------------------------------------

    def behaviours(self, competency: Competency, target: int) -> list[str]:
        """Target behaviours (cumulative, by level), and any of a higher level that
        was observed, so that evidence above the target is not lost."""
        w = self.w
        blocks = [w.heading(3, f"Behaviours: {w.text(competency.name)}")]
        observed = self.observed_ids[competency.id]
        lowest = self.session.lowest_planned_level(competency.id)
        collapsed = []
        for level in competency.levels:
            above = level.number > target
            shown = [b for b in level.behaviours if not above or b.id in observed]
            if not shown:
                continue
            if (
                lowest is not None
                and level.number < lowest
                and not set(observed) & {b.id for b in level.behaviours}
            ):
                # Below every question asked: implied, not assessed; one line.
                label = self.level_label(competency, level.number)
                collapsed.append(w.item(f"{label}: none observed; not assessed"))
                continue
            if collapsed:
                blocks.append(w.items(collapsed))
                collapsed = []
            blocks.append(w.heading(4, self.level_label(competency, level.number)))
            blocks.append(w.items([self.behaviour_item(competency, b) for b in shown]))
        if collapsed:
            blocks.append(w.items(collapsed))
        return blocks

    def behaviour_item(self, competency: Competency, behaviour: Behaviour) -> str:
        w = self.w
        event = self.ticks[competency.id].get(behaviour.id)
        evidence = self.evidence[competency.id].get(behaviour.id, [])
        against = self.against[competency.id].get(behaviour.id, [])
        text = w.text(behaviour.text)
        if against and not evidence:
            ticked = ", ticked but outweighed" if event is not None else ""
            status = f"{_UNTICKED} {text} — evidence against in notes{ticked}, not observed"
        elif event is not None:
            status = f"{_TICKED} {text} — observed {_when(event)}"
        elif evidence:
            status = f"{_TICKED} {text} — evidence in notes, not ticked"
        else:
            status = f"{_UNTICKED} {text} — not observed"
        if against and evidence:
            status += "; notes disagree (evidence for and against)"
            children = [
                w.item(
                    "For:", [self.note_item(n, depth=2, numbered=True) for n in evidence], depth=1
                ),
                w.item(
                    "Against:",
                    [self.note_item(n, depth=2, numbered=True) for n in against],
                    depth=1,
                ),
            ]
        else:
            children = [self.note_item(n, depth=1, numbered=True) for n in evidence or against]
        return w.item(status, children)

    # -- summary ----------------------------------------------------------------

    def summary(self) -> list[str]:
        session, w = self.session, self.w
        blocks = [w.heading(2, "Summary")]
        for planned in session.competencies:
            competency = session.competency(planned.competency_id)
            blocks.append(w.heading(3, w.text(competency.name)))
            suggestion = suggest_level(session, competency.id)
            counts = [
                w.item(
                    f"{self.level_label(competency, e.level)}: {len(e.behaviour_ids)} of "
                    f"{e.behaviours_total} behaviours observed"
                )
                for e in suggestion.per_level
                if e.level <= planned.target_level or e.behaviour_ids
            ]
            if counts:
                blocks += [w.paragraph("Behaviours observed:"), w.items(counts)]
            rating = self.rating(competency, planned.target_level, suggestion)
            blocks += [w.paragraph("Rating:"), w.items(rating)]

        blocks.append(w.heading(3, "Not covered"))
        missing = session.questions_not_covered()
        blocks.append(w.paragraph("Questions without notes or ticked probing questions:"))
        blocks.append(
            w.items(
                [
                    w.item(f"Question {self.numbers[ref]}: {w.text(session.question(ref).text)}")
                    for ref in missing
                ]
            )
            or w.paragraph("None.")
        )
        probes = session.probes_not_asked()
        blocks.append(w.paragraph("Probing questions not asked:"))
        blocks.append(
            w.items(
                [
                    w.item(f"Question {self.numbers[ref]}: {w.text(probe.text)}")
                    for ref, probe in probes
                ]
            )
            or w.paragraph("None.")
        )

        blocks.append(w.heading(3, "Follow-up"))
        follow_ups = [note for note in session.active_notes if note.follow_up]
        blocks.append(
            w.items([self.note_item(note, numbered=True) for note in follow_ups])
            or w.paragraph("No notes are flagged for follow-up.")
        )
        return blocks

    def rating(self, competency: Competency, target: int, suggestion: Suggestion) -> list[str]:
        """The rating items; ``suggestion`` is the suggestion of now."""
        session, w = self.session, self.w
        history = session.rating_history(competency.id)
        if not history:
            return [
                w.item("Not rated"),
                w.item(
                    f"Suggested level now: {self.suggestion(suggestion.level, suggestion.text)}"
                ),
            ]
        current = history[-1]
        label = w.text(anchor(competency, current.level).label)
        comparison = compare_to_target(current.level, target)
        lines = [
            w.item(f"{label}, {comparison} the target (level {target})"),
            w.item(f"Rationale: {w.block(current.rationale, in_item=True)}"),
            w.item(
                "Suggested level when rated: "
                + self.suggestion(current.suggested_level, current.suggestion)
            ),
        ]
        pairs = zip(history, history[1:], strict=False)
        lines += [self.revision(earlier, later) for earlier, later in pairs]
        return lines

    # -- notes ------------------------------------------------------------------

    def note_item(self, note: Note, *, depth: int = 0, numbered: bool = False) -> str:
        """One note as a list item: a header line (time, question if
        ``numbered``, tags, edited), then the note's text from the next line on,
        in the same paragraph."""
        w = self.w
        header = [clock_stamp(note.elapsed_seconds)]
        if numbered and note.question in self.numbers:
            header.append(f"Question {self.numbers[note.question]}")
        elif numbered and note.section is not None:
            header.append(note.section.label)
        header += [w.emphasis(tag.value) for tag in STAR_TAGS if tag in note.tags]
        header += [tag.value for tag in (Tag.FOLLOW_UP, Tag.QUOTE) if tag in note.tags]
        if note.history:
            header.append("(edited)")
        others = [self.stamps[n] for n in note.contradicts if n in self.stamps]
        if others:
            header.append(f"contradicts the note at {', '.join(others)}")
        # A note may be shown up to three times (timeline, evidence, follow-up):
        # escape its text once.
        lines = self.note_lines.get(note.id)
        if lines is None:
            lines = self.note_lines[note.id] = w.note_lines(note.text)
        original = w.note_lines(note.history[0].text) if note.history else None
        return w.note(header, lines, quote=Tag.QUOTE in note.tags, original=original, depth=depth)

    # -- footer -----------------------------------------------------------------

    def footer(self) -> list[str]:
        w = self.w
        blocks = [w.rule()]
        for planned in self.session.competencies:
            competency = self.session.competency(planned.competency_id)
            source = (
                w.block(competency.source, in_item=False) if competency.source else "not recorded"
            )
            blocks.append(w.paragraph(f"Content of {w.text(competency.name)}: {source}"))
        blocks.append(w.paragraph(f"Made with tui-interview {__version__}"))
        return blocks

    # -- small parts --------------------------------------------------------------

    def level_label(self, competency: Competency, number: int) -> str:
        try:
            return self.w.text(competency.level(number).label)
        except KeyError:
            return f"Level {number}"

    def suggestion(self, level: int | None, reasons: str) -> str:
        text = "no suggestion" if level is None else f"level {level}"
        if reasons.strip():
            text += f". {self.w.block(reasons, in_item=True)}"
        return text

    def revision(self, earlier: Rating, later: Rating) -> str:
        w = self.w
        reason = w.block(later.reason or "no reason given", in_item=True)
        rationale = w.block(earlier.rationale, in_item=True)
        return w.item(
            f"Revised from level {earlier.level} on {format_timestamp(later.submitted_at)}: "
            f"{reason} (earlier rationale: {rationale})"
        )


def _when(event: ChecklistEvent) -> str:
    """When an item was ticked, on the interview clock (the transcript's one
    time format)."""
    return clock_stamp(event.elapsed_seconds)


def _timestamp(moment: datetime | None, missing: str) -> str:
    return missing if moment is None else format_timestamp(moment)
