"""Exam results for everyone who reads them (final, awards, report): scores per person, team
standings (sum of the best N members, N = ``team_best_of``, 4 by default), ranks with ties
shown as ties (1, 2, 2, 4), and the finalists by the exam's rule with the tie at the cut line
flagged until the organiser settles it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from outreach.exam.answers import list_sheets
from outreach.exam.exams import Exam, exam_by_name, get_exam, list_exams
from outreach.exam.grading import GradedSheet, QuestionStatistic, grade_sheets, question_statistics
from outreach.exam.papers import papers
from outreach.i18n import Message, msg, with_detail
from outreach.spreadsheets import NothingToExport, write_table
from outreach.storage.database import now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = [
    "FinalistEntry",
    "Finalists",
    "PersonResult",
    "TeamStanding",
    "exam_by_name",
    "finalists",
    "list_exams",
    "person_results",
    "settle_finalists",
    "team_standings",
]


@dataclass(frozen=True)
class PersonResult:
    member_id: str
    name: str
    student_no: str
    team_id: str
    team_name: str
    class_name: str
    score: int
    rank: int  # equal scores share a rank
    version: str = ""
    max_score: int = 0
    tied: bool = False  # someone else has the same rank


@dataclass(frozen=True)
class TeamStanding:
    team_id: str
    team_name: str
    class_name: str
    score: int  # sum of the best ``team_best_of`` members
    rank: int
    counted: tuple[str, ...] = ()  # member ids whose scores count
    sheets: int = 0  # members with a graded sheet
    tied: bool = False


def ranks(scores: list[int]) -> list[int]:
    """Competition ranking of scores already sorted high to low: 100, 90, 90, 80 → 1, 2, 2, 4."""
    result = []
    for index, score in enumerate(scores):
        if index and score == scores[index - 1]:
            result.append(result[-1])
        else:
            result.append(index + 1)
    return result


def _exam(db: Database, exam_id: str) -> Exam:
    exam = get_exam(db, exam_id)
    if exam is None:
        raise KeyError(exam_id)
    return exam


def graded_sheets(db: Database, exam_id: str) -> list[GradedSheet]:
    exam = _exam(db, exam_id)
    return grade_sheets(exam, papers(db, exam_id), list_sheets(db, exam_id))


def _people(db: Database) -> dict[str, tuple]:
    return {
        row[0]: row[1:]
        for row in db.execute(
            "SELECT m.id, m.name, m.student_no, m.team_id, t.name,"
            " coalesce(nullif(m.class_name, ''), t.class_name)"
            " FROM members m JOIN teams t ON t.id = m.team_id"
        ).fetchall()
    }


def person_results(db: Database, exam_id: str) -> list[PersonResult]:
    """Everyone with a graded sheet, best first; ties share a rank (then by student number)."""
    people = _people(db)
    graded = [g for g in graded_sheets(db, exam_id) if g.sheet.member_id in people]
    graded.sort(key=lambda g: (-g.total, people[g.sheet.member_id][1]))
    rank_list = ranks([g.total for g in graded])
    counts: dict[int, int] = {}
    for rank in rank_list:
        counts[rank] = counts.get(rank, 0) + 1
    results = []
    for g, rank in zip(graded, rank_list, strict=True):
        name, student_no, team_id, team_name, class_name = people[g.sheet.member_id]
        results.append(
            PersonResult(
                member_id=g.sheet.member_id,
                name=name,
                student_no=student_no,
                team_id=team_id,
                team_name=team_name,
                class_name=class_name or "",
                score=g.total,
                rank=rank,
                version=g.sheet.version,
                max_score=g.max_score,
                tied=counts[rank] > 1,
            )
        )
    return results


def absent_members(db: Database, exam_id: str) -> list[tuple[str, str, str]]:
    """(member id, name, student number) of members without a sheet."""
    return [
        tuple(row)
        for row in db.execute(
            "SELECT id, name, student_no FROM members WHERE id NOT IN"
            " (SELECT member_id FROM answer_sheets WHERE exam_id = ?) ORDER BY student_no",
            [exam_id],
        ).fetchall()
    ]


def team_standings(db: Database, exam_id: str) -> list[TeamStanding]:
    """Every team, by the sum of its best members' scores; ties share a rank."""
    exam = _exam(db, exam_id)
    by_team: dict[str, list[PersonResult]] = {}
    for result in person_results(db, exam_id):
        by_team.setdefault(result.team_id, []).append(result)
    teams = db.execute("SELECT id, name, class_name FROM teams").fetchall()
    rows = []
    for team_id, name, class_name in teams:
        members = sorted(by_team.get(team_id, []), key=lambda r: -r.score)
        best = members[: exam.team_best_of]
        rows.append(
            (
                sum(r.score for r in best),
                team_id,
                name,
                class_name,
                tuple(r.member_id for r in best),
                len(members),
            )
        )
    rows.sort(key=lambda r: (-r[0], r[3] or "", r[2] or ""))
    rank_list = ranks([r[0] for r in rows])
    counts: dict[int, int] = {}
    for rank in rank_list:
        counts[rank] = counts.get(rank, 0) + 1
    return [
        TeamStanding(
            team_id=team_id,
            team_name=name,
            class_name=class_name or "",
            score=score,
            rank=rank,
            counted=counted,
            sheets=sheets,
            tied=counts[rank] > 1,
        )
        for (score, team_id, name, class_name, counted, sheets), rank in zip(
            rows, rank_list, strict=True
        )
    ]


def exam_statistics(db: Database, exam_id: str) -> list[QuestionStatistic]:
    exam = _exam(db, exam_id)
    versions = papers(db, exam_id)
    return question_statistics(
        exam, versions, grade_sheets(exam, versions, list_sheets(db, exam_id))
    )


# -- finalists

IN, TIED, OUT = "in", "tied", "out"


@dataclass(frozen=True)
class FinalistEntry:
    ref_id: str  # team id or member id
    label: str
    class_name: str
    score: int
    rank: int
    status: str  # in | tied | out (after a settlement: tied entries become in or out)
    settled: bool = False  # decided by the organiser's settlement
    team_id: str = ""  # the team (itself, or the person's team)
    member_id: str | None = None  # the person, in the individuals rule


@dataclass(frozen=True)
class FinalistPerson:
    member_id: str
    team_id: str
    name: str


@dataclass(frozen=True)
class Finalists:
    exam_id: str
    mode: str  # teams | individuals
    count: int
    entries: list[FinalistEntry]
    tied_ids: tuple[str, ...] = ()  # entries sharing the score at the cut line
    slots_for_tied: int = 0  # how many of the tied entries can go through
    settled: bool = False
    note: str = ""
    problems: list[Message] = field(default_factory=list)
    # who goes to the final, seen both ways (filled by ``finalists``):
    teams: list[FinalistEntry] = field(default_factory=list)  # finalist teams, best first
    people: list[FinalistPerson] = field(default_factory=list)  # finalist people

    def __iter__(self):
        """Iterating gives the finalist people (``member_id``, ``team_id``, ``name``)."""
        return iter(self.people)

    @property
    def needs_settlement(self) -> bool:
        return bool(self.tied_ids) and not self.settled

    @property
    def finalist_ids(self) -> list[str]:
        """Who goes to the final (only entries decided: an unsettled tie is left out)."""
        return [e.ref_id for e in self.entries if e.status == IN]


def _candidates(db: Database, exam: Exam) -> list[tuple[str, str, str, int, str]]:
    """(ref id, label, class, score, team id), best first."""
    if exam.finalist_mode == "individuals":
        return [
            (r.member_id, with_detail(r.name, r.student_no), r.class_name, r.score, r.team_id)
            for r in person_results(db, exam.id)
        ]
    return [
        (s.team_id, s.team_name, s.class_name, s.score, s.team_id)
        for s in team_standings(db, exam.id)
        if s.sheets
    ]


def _settlement(db: Database, exam_id: str):
    return db.execute(
        "SELECT mode, count, tied_ids, chosen_ids, note FROM exam_finalist_settlements"
        " WHERE exam_id = ?",
        [exam_id],
    ).fetchone()


def finalists(db: Database, exam_id: str) -> Finalists:
    """The exam's finalist rule applied: the top ``finalist_count`` teams or people. Entries
    sharing the score at the cut line are ``tied`` until the organiser settles which go on
    (``settle_finalists``); a settlement holds only while the same tie stands."""
    exam = _exam(db, exam_id)
    candidates = _candidates(db, exam)
    scores = [c[3] for c in candidates]
    rank_list = ranks(scores)
    count = exam.finalist_count
    tied_ids: tuple[str, ...] = ()
    slots = 0
    if 0 < count < len(candidates) and scores[count - 1] == scores[count]:
        cut = scores[count - 1]
        tied_ids = tuple(c[0] for c in candidates if c[3] == cut)
        above = sum(1 for s in scores if s > cut)
        slots = count - above
    stored = _settlement(db, exam_id)
    chosen: set[str] = set()
    settled = False
    note = ""
    if stored and tied_ids:
        mode, stored_count, stored_tied, stored_chosen, note = stored
        if (
            mode == exam.finalist_mode
            and stored_count == count
            and sorted(json.loads(stored_tied)) == sorted(tied_ids)
        ):
            chosen = set(json.loads(stored_chosen))
            settled = len(chosen) == slots
    entries = []
    for (ref_id, label, class_name, score, team_id), rank in zip(
        candidates, rank_list, strict=True
    ):
        if ref_id in tied_ids:
            status = (IN if ref_id in chosen else OUT) if settled else TIED
        elif tied_ids:
            status = IN if score > scores[count - 1] else OUT
        else:
            status = IN if rank <= count and len(entries) < count else OUT
        entries.append(
            FinalistEntry(
                ref_id,
                label,
                class_name,
                score,
                rank,
                status,
                settled and ref_id in tied_ids,
                team_id=team_id,
                member_id=ref_id if exam.finalist_mode == "individuals" else None,
            )
        )
    chosen_entries = [e for e in entries if e.status == IN]
    names = {row[0]: row[1:] for row in db.execute("SELECT id, team_id, name FROM members")}
    if exam.finalist_mode == "individuals":
        people = [FinalistPerson(e.ref_id, *names[e.ref_id]) for e in chosen_entries]
        team_entries: list[FinalistEntry] = []
        by_team = {s.team_id: s for s in team_standings(db, exam_id)}
        for entry in chosen_entries:
            standing = by_team.get(entry.team_id)
            if standing and all(t.team_id != entry.team_id for t in team_entries):
                team_entries.append(
                    FinalistEntry(
                        standing.team_id,
                        standing.team_name,
                        standing.class_name,
                        standing.score,
                        standing.rank,
                        IN,
                        team_id=standing.team_id,
                    )
                )
    else:
        team_entries = chosen_entries
        team_order = {e.team_id: index for index, e in enumerate(chosen_entries)}
        people = sorted(
            (
                FinalistPerson(member_id, team_id, name)
                for member_id, (team_id, name) in names.items()
                if team_id in team_order
            ),
            key=lambda person: team_order[person.team_id],
        )
    return Finalists(
        exam_id=exam_id,
        mode=exam.finalist_mode,
        count=count,
        entries=entries,
        tied_ids=tied_ids,
        slots_for_tied=slots,
        settled=settled,
        note=note if settled else "",
        teams=team_entries,
        people=people,
    )


class FinalistError(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


def settle_finalists(
    db: Database, exam_id: str, chosen_ids: list[str], note: str = ""
) -> Finalists:
    """Record the organiser's decision on the tie at the cut line (e.g. after a tie-break
    question): exactly ``slots_for_tied`` of the tied entries go on."""
    current = finalists(db, exam_id)
    if not current.tied_ids:
        raise FinalistError(msg("exam.finalists.error.no_tie"))
    chosen = list(dict.fromkeys(chosen_ids))
    if not set(chosen) <= set(current.tied_ids) or len(chosen) != current.slots_for_tied:
        raise FinalistError(msg("exam.finalists.error.choose", count=current.slots_for_tied))
    with db.atomic():
        db.execute(
            "INSERT OR REPLACE INTO exam_finalist_settlements"
            " (exam_id, mode, count, tied_ids, chosen_ids, note, decided_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                exam_id,
                current.mode,
                current.count,
                json.dumps(sorted(current.tied_ids)),
                json.dumps(chosen),
                note,
                now_iso(),
            ],
        )
    return finalists(db, exam_id)


def clear_settlement(db: Database, exam_id: str) -> None:
    with db.atomic():
        db.execute("DELETE FROM exam_finalist_settlements WHERE exam_id = ?", [exam_id])


# -- exports

RESULT_HEADERS = ["名次", "姓名", "学号", "班级", "队名", "试卷", "得分", "满分", "并列"]
STANDING_HEADERS = ["名次", "班级", "队名", "团队得分", "计分人数", "答卷人数", "并列", "决赛"]


def _only_exam(db: Database) -> Exam | None:
    exams = list_exams(db)
    return exams[-1] if exams else None


def _graded_exam(db: Database, exam: Exam | None) -> tuple[Exam, list[PersonResult]]:
    """The exam to export (the named one, else the latest) and its graded sheets; refused
    (``NothingToExport``) when there is no exam or nobody's answers are in yet."""
    exam = exam or _only_exam(db)
    if exam is None:
        raise NothingToExport(msg("exam.export.no_exam"))
    results = person_results(db, exam.id)
    if not results:
        raise NothingToExport(msg("exam.export.no_results", name=exam.name))
    return exam, results


def export_results(db: Database, path: str | Path, exam: Exam | None = None) -> int:
    exam, results = _graded_exam(db, exam)
    rows = [
        [
            r.rank,
            r.name,
            r.student_no,
            r.class_name,
            r.team_name,
            r.version,
            r.score,
            r.max_score,
            "是" if r.tied else "",
        ]
        for r in results
    ]
    return write_table(path, RESULT_HEADERS, rows)


def export_standings(db: Database, path: str | Path, exam: Exam | None = None) -> int:
    # with no sheet graded every team would stand first with 0 points
    exam, _ = _graded_exam(db, exam)
    status = (
        {e.ref_id: e.status for e in finalists(db, exam.id).entries}
        if exam.finalist_mode == "teams"
        else {}
    )
    words = {IN: "入围", TIED: "并列待定", OUT: ""}
    rows = [
        [
            s.rank,
            s.class_name,
            s.team_name,
            s.score,
            len(s.counted),
            s.sheets,
            "是" if s.tied else "",
            words.get(status.get(s.team_id, OUT), ""),
        ]
        for s in team_standings(db, exam.id)
    ]
    return write_table(path, STANDING_HEADERS, rows)
