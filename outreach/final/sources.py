"""Where a final's teams and questions come from: the roster, the exam's finalists, the bank."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from outreach.final.live import QuestionInput

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class TeamChoice:
    team_id: str
    name: str
    class_name: str


@dataclass(frozen=True)
class ExamChoice:
    id: str
    name: str


def roster_teams(db: Database) -> list[TeamChoice]:
    if not db["teams"].exists():
        return []
    from outreach.competition.roster import list_teams

    return [TeamChoice(t.id, t.name, t.class_name) for t in list_teams(db)]


def team_members(db: Database, team_id: str) -> list[str]:
    """Member names in roster order (captain first), for 必答's "member k answers"."""
    if not db["members"].exists():
        return []
    from outreach.competition.roster import list_members

    return [m.name for m in list_members(db, team_id) if getattr(m, "role", "") != "alternate"]


def exams(db: Database) -> list[ExamChoice]:
    if not db["exams"].exists():
        return []
    from outreach.exam.exams import list_exams

    return [ExamChoice(e.id, e.name) for e in list_exams(db)]


def finalist_teams(db: Database, exam_id: str) -> list[TeamChoice]:
    """The exam's finalist teams, best first (the exam's rule decides who they are; teams in
    an unsettled tie at the cut line are left out until the organisers settle it)."""
    teams, _unsettled = finalists_of(db, exam_id)
    return teams


def finalists_of(db: Database, exam_id: str) -> tuple[list[TeamChoice], bool]:
    """``(finalist teams best first, whether a tie at the cut line still needs settling)``."""
    try:
        from outreach.exam.results import finalists
    except ImportError:  # the exam's results are not part of this build yet
        return [], False
    chosen = finalists(db, exam_id)
    teams = {t.team_id: t for t in roster_teams(db)}
    found: list[TeamChoice] = []
    for entry in chosen.teams:
        if entry.team_id in teams and teams[entry.team_id] not in found:
            found.append(teams[entry.team_id])
    return found, bool(chosen.needs_settlement)


def bank_questions(
    db: Database, *, reserved: bool | None = False
) -> list[tuple[str, QuestionInput]]:
    """``(kind, question)`` pairs from the bank; ``reserved`` ones are kept for tie-breaks."""
    if not db["questions"].exists():
        return []
    from outreach.exam.questions import list_questions

    return [
        (
            q.kind,
            QuestionInput(
                stem=q.stem,
                options=list(q.options),
                answer=q.answer,
                explanation=q.explanation,
                question_id=q.id,
            ),
        )
        for q in list_questions(db, reserved=reserved)
    ]


def used_question_ids(db: Database) -> set[str]:
    if not db["question_usages"].exists():
        return set()
    # A "tiebreak" usage without a reference only marks a question as kept in reserve.
    rows = db.execute(
        "SELECT DISTINCT question_id FROM question_usages WHERE kind != 'tiebreak' OR ref_id != ''"
    )
    return {r[0] for r in rows}


def note_question_used(db: Database, question_id: str, kind: str, ref_id: str, label: str) -> None:
    if not db["question_usages"].exists():
        return
    from outreach.exam.questions import record_usage

    record_usage(db, question_id, kind, ref_id, label)


def forget_question_used(db: Database, question_id: str, kind: str, ref_id: str) -> None:
    if not db["question_usages"].exists():
        return
    from outreach.exam.questions import forget_usage

    forget_usage(db, question_id, kind, ref_id)
