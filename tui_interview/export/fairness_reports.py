"""The calibration and question-effectiveness reports, as Markdown and JSON
(docs/calibration.md, docs/question-effectiveness.md). No Textual."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from tui_interview.domain.calibration import (
    CONSENSUS,
    PANEL_MEDIAN,
    Calibration,
    Figures,
    InterviewerCalibration,
)
from tui_interview.domain.question_stats import MIN_BEHAVIOURS, WIDE_SPREAD, QuestionFigures
from tui_interview.export.markdown import escape_inline

CALIBRATION_FORMAT = "tui-interview-calibration"
QUESTIONS_FORMAT = "tui-interview-questions"
REPORT_VERSION = 1


def _figures_dict(figures: Figures) -> dict[str, Any]:
    return {
        "ratings": figures.ratings,
        "no_evidence": figures.no_evidence,
        "compared": figures.compared,
        "mean_difference": figures.mean_difference,
        "exact_agreement": figures.exact,
        "within_one_agreement": figures.within_one,
        "against": {
            "consensus": figures.against.get(CONSENSUS, 0),
            "panel_median": figures.against.get(PANEL_MEDIAN, 0),
        },
    }


def calibration_document(calibration: Calibration, notices: Sequence[str] = ()) -> dict[str, Any]:
    return {
        "format": CALIBRATION_FORMAT,
        "version": REPORT_VERSION,
        "panels": calibration.panels,
        "panels_with_consensus": calibration.with_consensus,
        "panels_without_consensus": calibration.without_consensus,
        "notices": list(notices),
        "interviewers": [
            {
                "interviewer": person.interviewer,
                **_figures_dict(person.overall),
                "competencies": [
                    {
                        "competency_id": cid,
                        "name": person.competency_names.get(cid, cid),
                        **_figures_dict(figures),
                    }
                    for cid, figures in sorted(person.by_competency.items())
                ],
                "months": [
                    {"month": month, **_figures_dict(person.by_month[month])}
                    for month in person.months()
                ],
            }
            for person in calibration.interviewers
        ],
    }


def render_calibration_json(calibration: Calibration, notices: Sequence[str] = ()) -> str:
    document = calibration_document(calibration, notices)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def signed(value: float | None) -> str:
    """``+0.50`` (lenient), ``-1.00`` (severe), ``0.00``; ``–`` for none."""
    if value is None:
        return "–"
    return f"{value:+.2f}" if value else "0.00"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def against_text(figures: Figures) -> str:
    """``consensus`` / ``panel median`` / ``2 consensus, 1 panel median``."""
    c, m = figures.against.get(CONSENSUS, 0), figures.against.get(PANEL_MEDIAN, 0)
    if c and m:
        return f"{c} consensus, {m} panel median"
    return CONSENSUS if c else PANEL_MEDIAN if m else "–"


def _row(label: str, figures: Figures) -> str:
    cells = [
        label,
        str(figures.ratings),
        str(figures.compared),
        signed(figures.mean_difference),
        percent(figures.exact),
        percent(figures.within_one),
        against_text(figures),
    ]
    return "| " + " | ".join(cells) + " |"


_HEAD = (
    "| {} | ratings | compared | mean difference | exact | within one | against |\n"
    "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
)


def _person(person: InterviewerCalibration) -> list[str]:
    lines = [f"## {escape_inline(person.interviewer)}", "", _HEAD.format("scope")]
    lines.append(_row("all", person.overall))
    for cid, figures in sorted(person.by_competency.items()):
        lines.append(_row(escape_inline(person.competency_names.get(cid, cid)), figures))
    lines += ["", _HEAD.format("month")]
    lines += [_row(month, person.by_month[month]) for month in person.months()]
    return [*lines, ""]


def render_calibration_markdown(calibration: Calibration, notices: Sequence[str] = ()) -> str:
    lines = [
        "# Interviewer calibration",
        "",
        f"{calibration.panels} panels: {calibration.with_consensus} with a consensus record, "
        f"{calibration.without_consensus} without (compared with the panel median instead).",
        "Mean difference: the member's level minus the consensus (or median) level; "
        "above 0 rates high (lenient), below 0 low (severe).",
        "",
    ]
    if notices:
        lines += ["Files left out:", ""] + [f"- {escape_inline(n)}" for n in notices] + [""]
    if not calibration.interviewers:
        lines += ["No ratings to compare.", ""]
    for person in calibration.interviewers:
        lines += _person(person)
    return "\n".join(lines).rstrip("\n") + "\n"


# -- questions --------------------------------------------------------------------


def questions_document(
    questions: Sequence[QuestionFigures], panels: int, notices: Sequence[str] = ()
) -> dict[str, Any]:
    return {
        "format": QUESTIONS_FORMAT,
        "version": REPORT_VERSION,
        "panels": panels,
        "thresholds": {"min_behaviours_per_asking": MIN_BEHAVIOURS, "wide_spread": WIDE_SPREAD},
        "notices": list(notices),
        "questions": [
            {
                "key": q.key,
                "competency_id": q.competency_id,
                "competency": q.competency,
                "question_id": q.question_id,
                "text": q.text,
                "plans": len(q.plans),
                "planned": q.planned,
                "asked": q.asked,
                "skipped": q.skipped,
                "seconds": round(q.seconds, 1),
                "mean_seconds": q.mean_seconds,
                "share_seconds": q.share_seconds,
                "time_against_share": q.time_against_share,
                "notes_per_asking": q.notes_per_asking,
                "behaviours_per_asking": q.behaviours_per_asking,
                "mean_spread": q.mean_spread,
                "max_spread": q.max_spread,
                "agreement": q.agreement,
                "agreement_checked": q.agreement_checked,
                "flags": list(q.flags),
            }
            for q in questions
        ],
    }


def render_questions_json(
    questions: Sequence[QuestionFigures], panels: int, notices: Sequence[str] = ()
) -> str:
    document = questions_document(questions, panels, notices)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _number(value: float | None, suffix: str = "") -> str:
    return "–" if value is None else f"{value:g}{suffix}"


def render_questions_markdown(
    questions: Sequence[QuestionFigures], panels: int, notices: Sequence[str] = ()
) -> str:
    flagged = [q for q in questions if q.flags]
    lines = [
        "# Question effectiveness",
        "",
        f"{len(questions)} questions over {panels} panels; {len(flagged)} flagged "
        f"(little evidence: under {MIN_BEHAVIOURS:g} behaviours per asking; wide "
        f"disagreement: a mean spread of {WIDE_SPREAD:g} levels or more).",
        "",
    ]
    if notices:
        lines += ["Files left out:", ""] + [f"- {escape_inline(n)}" for n in notices] + [""]
    lines += [
        "| question | asked | skipped | time / share | notes per asking | behaviours per "
        "asking | spread (mean, max) | agrees with consensus | flags |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for q in questions:
        spread = "–" if q.mean_spread is None else f"{q.mean_spread:g}, {q.max_spread}"
        agreement = percent(q.agreement)
        if q.agreement is not None:
            agreement += f" of {q.agreement_checked}"
        cells = [
            f"{escape_inline(q.key)} {escape_inline(q.text)}".strip(),
            str(q.asked),
            str(q.skipped),
            _number(q.time_against_share, "×"),
            _number(q.notes_per_asking),
            _number(q.behaviours_per_asking),
            spread,
            agreement,
            ", ".join(q.flags) or "–",
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
