"""Exam set-up: name, date, duration, points per question type, the multiple-choice rule, the
finalist rule, and which bank questions are on the paper (picked by hand or drawn at random by
topic and difficulty with a recorded seed; questions reserved for tie-breaks are never drawn).

Questions sit on the paper in sections by type (single, multiple, true/false), numbered by
``position``; the versions (``papers.py``) shuffle within sections.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import unicodedata
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

from outreach.exam.questions import (
    KIND_ORDER,
    KINDS,
    Question,
    forget_usage,
    list_questions,
    questions_by_id,
    record_usage,
    stem_key,
)
from outreach.i18n import Message, msg
from outreach.storage.database import new_id, now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

MULTIPLE_MODES = ("all_or_nothing", "partial")
FINALIST_MODES = ("teams", "individuals")


class ExamError(Exception):
    def __init__(self, problems: list[Message]) -> None:
        super().__init__("; ".join(p.render("en") for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Exam:
    id: str
    name: str
    exam_date: str = ""
    duration_minutes: int = 60
    points_single: int = 2
    points_multiple: int = 4
    points_truefalse: int = 1
    # all_or_nothing: only the exact set scores; partial: a correct subset (no wrong letter)
    # scores ``partial_points``.
    multiple_mode: str = "all_or_nothing"
    partial_points: int = 2
    draw_seed: int | None = None
    draw_rule: str = ""
    instructions: str = ""
    finalist_mode: str = "teams"
    finalist_count: int = 6
    team_best_of: int = 4
    created_at: str = ""
    updated_at: str = ""

    def points_for(self, kind: str) -> int:
        return {
            "single": self.points_single,
            "multiple": self.points_multiple,
            "truefalse": self.points_truefalse,
        }[kind]


@dataclass(frozen=True)
class ExamQuestion:
    exam_id: str
    position: int
    question: Question
    voided: bool = False
    void_reason: str = ""


@dataclass(frozen=True)
class DrawSpec:
    """Draw ``count`` questions of ``kind`` (optionally of one topic and difficulty)."""

    kind: str
    count: int
    topic: str | None = None
    difficulty: int | None = None


_EXAM_FIELDS = tuple(Exam.__dataclass_fields__)


def _exam(row) -> Exam:
    return Exam(*row)


def list_exams(db: Database) -> list[Exam]:
    return [
        _exam(row)
        for row in db.execute(
            f"SELECT {', '.join(_EXAM_FIELDS)} FROM exams ORDER BY exam_date, created_at"
        ).fetchall()
    ]


def get_exam(db: Database, exam_id: str) -> Exam | None:
    row = db.execute(
        f"SELECT {', '.join(_EXAM_FIELDS)} FROM exams WHERE id = ?", [exam_id]
    ).fetchone()
    return _exam(row) if row else None


def exam_by_name(db: Database, name: str) -> Exam | None:
    row = db.execute(
        f"SELECT {', '.join(_EXAM_FIELDS)} FROM exams WHERE name = ?", [name.strip()]
    ).fetchone()
    return _exam(row) if row else None


_DATE_NUMERIC = re.compile(r"(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})")
_DATE_CHINESE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")


def parse_exam_date(text: str | None) -> str | None:
    """The exam date as ISO ``YYYY-MM-DD`` from what organisers type: 2026-12-04, 2026/12/04,
    2026.12.4 or 2026年12月4日 (full-width digits too); "" stays "" (not yet fixed). None when
    the text is not a date of the calendar."""
    value = unicodedata.normalize("NFKC", text or "").strip()
    if not value:
        return ""
    numeric = _DATE_NUMERIC.fullmatch(value)
    chinese = _DATE_CHINESE.fullmatch(value)
    if numeric:
        year, month, day = numeric.group(1, 3, 4)
    elif chinese:
        year, month, day = chinese.groups()
    else:
        return None
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def validate_exam(db: Database, exam: Exam) -> list[Message]:
    problems = []
    if parse_exam_date(exam.exam_date) is None:
        problems.append(msg("exam.setup.error.date", date=exam.exam_date.strip()))
    if not exam.name.strip():
        problems.append(msg("exam.setup.error.no_name"))
    else:
        twin = exam_by_name(db, exam.name)
        if twin is not None and twin.id != exam.id:
            problems.append(msg("exam.setup.error.name_taken", name=exam.name))
    if exam.duration_minutes <= 0:
        problems.append(msg("exam.setup.error.duration"))
    if min(exam.points_single, exam.points_multiple, exam.points_truefalse) < 0:
        problems.append(msg("exam.setup.error.points"))
    if exam.multiple_mode not in MULTIPLE_MODES:
        problems.append(msg("exam.setup.error.multiple_mode", mode=exam.multiple_mode))
    if exam.multiple_mode == "partial" and not 0 <= exam.partial_points <= exam.points_multiple:
        problems.append(msg("exam.setup.error.partial_points"))
    if exam.finalist_mode not in FINALIST_MODES:
        problems.append(msg("exam.setup.error.finalist_mode", mode=exam.finalist_mode))
    if exam.finalist_count < 0 or exam.team_best_of <= 0:
        problems.append(msg("exam.setup.error.finalist_count"))
    return problems


def save_exam(db: Database, exam: Exam) -> Exam:
    """Create (no id yet) or update an exam's settings; raises ``ExamError``."""
    exam = replace(exam, name=exam.name.strip())
    problems = validate_exam(db, exam)
    if problems:
        raise ExamError(problems)
    exam = replace(exam, exam_date=parse_exam_date(exam.exam_date) or "")
    now = now_iso()
    with db.atomic():
        if not exam.id or get_exam(db, exam.id) is None:
            exam = replace(exam, id=exam.id or new_id(), created_at=now, updated_at=now)
            db["exams"].insert(asdict(exam))
        else:
            exam = replace(exam, updated_at=now)
            row = asdict(exam)
            row.pop("created_at")
            db["exams"].update(exam.id, row)
            _relabel_usages(db, exam)
    return get_exam(db, exam.id)  # type: ignore[return-value]


def has_answers(db: Database, exam_id: str) -> bool:
    if not db["answer_sheets"].exists():
        return False
    return bool(
        db.execute("SELECT 1 FROM answer_sheets WHERE exam_id = ? LIMIT 1", [exam_id]).fetchone()
    )


def delete_exam(db: Database, exam_id: str) -> None:
    if has_answers(db, exam_id):
        raise ExamError([msg("exam.setup.error.locked")])
    with db.atomic():
        for question in exam_questions(db, exam_id):
            forget_usage(db, question.question.id, "exam", exam_id)
        db.execute("DELETE FROM exam_versions WHERE exam_id = ?", [exam_id])
        db.execute("DELETE FROM exam_questions WHERE exam_id = ?", [exam_id])
        if db["exam_finalist_settlements"].exists():
            db.execute("DELETE FROM exam_finalist_settlements WHERE exam_id = ?", [exam_id])
        db.execute("DELETE FROM exams WHERE id = ?", [exam_id])


def exam_questions(db: Database, exam_id: str) -> list[ExamQuestion]:
    rows = db.execute(
        "SELECT position, question_id, voided, void_reason FROM exam_questions"
        " WHERE exam_id = ? ORDER BY position",
        [exam_id],
    ).fetchall()
    bank = questions_by_id(db, [row[1] for row in rows])
    return [
        ExamQuestion(exam_id, row[0], bank[row[1]], bool(row[2]), row[3])
        for row in rows
        if row[1] in bank
    ]


def _usage_label(exam: Exam, position: int) -> str:
    return f"{exam.name} #{position}"


def _relabel_usages(db: Database, exam: Exam) -> None:
    for row in db.execute(
        "SELECT position, question_id FROM exam_questions WHERE exam_id = ?", [exam.id]
    ).fetchall():
        record_usage(db, row[1], "exam", exam.id, _usage_label(exam, row[0]))


def set_exam_questions(db: Database, exam_id: str, question_ids: list[str]) -> list[ExamQuestion]:
    """Put exactly these bank questions on the paper (sections by type, the given order within
    a section). Existing versions are rebuilt from the exam's seed. Refused once answers exist."""
    exam = get_exam(db, exam_id)
    if exam is None:
        raise ExamError([msg("exam.setup.error.missing")])
    if has_answers(db, exam_id):
        raise ExamError([msg("exam.setup.error.locked")])
    if len(set(question_ids)) != len(question_ids):
        raise ExamError([msg("exam.setup.error.repeated_question")])
    bank = questions_by_id(db, list(question_ids))
    missing = [qid for qid in question_ids if qid not in bank]
    if missing:
        raise ExamError([msg("exam.question.error.missing")])
    reserved = [bank[qid] for qid in question_ids if bank[qid].reserved]
    if reserved:
        raise ExamError([msg("exam.setup.error.reserved", stem=reserved[0].stem[:30])])
    ordered = sorted(question_ids, key=lambda qid: KIND_ORDER[bank[qid].kind])  # stable
    from outreach.exam.papers import list_versions, make_versions

    version_count = len(list_versions(db, exam_id))
    with db.atomic():
        for old in exam_questions(db, exam_id):
            forget_usage(db, old.question.id, "exam", exam_id)
        db.execute("DELETE FROM exam_versions WHERE exam_id = ?", [exam_id])
        db.execute("DELETE FROM exam_questions WHERE exam_id = ?", [exam_id])
        for position, qid in enumerate(ordered, start=1):
            db.execute(
                "INSERT INTO exam_questions (exam_id, position, question_id) VALUES (?, ?, ?)",
                [exam_id, position, qid],
            )
            record_usage(db, qid, "exam", exam_id, _usage_label(exam, position))
        if version_count:
            make_versions(db, exam_id, version_count)
    return exam_questions(db, exam_id)


def draw_questions(
    db: Database,
    exam_id: str,
    specs: list[DrawSpec],
    seed: int | None = None,
) -> list[ExamQuestion]:
    """Replace the paper with questions drawn at random per spec from the non-reserved bank.

    The seed is recorded on the exam, so the same bank and seed give the same paper."""
    if seed is None:
        seed = random.SystemRandom().randrange(1, 10**9)
    rng = random.Random(seed)
    chosen: list[str] = []
    problems: list[Message] = []
    for spec in specs:
        if spec.kind not in KINDS or spec.count < 0:
            problems.append(msg("exam.question.error.kind", kind=spec.kind))
            continue
        pool = [
            q
            for q in list_questions(
                db, reserved=False, kind=spec.kind, topic=spec.topic, difficulty=spec.difficulty
            )
            if q.id not in chosen
        ]
        pool.sort(
            key=lambda q: stem_key(q.stem)
        )  # content order: the same bank and seed give the same paper in any file
        if len(pool) < spec.count:
            problems.append(
                msg(
                    "exam.setup.error.not_enough",
                    kind=msg(f"exam.kind.{spec.kind}"),
                    topic=spec.topic or msg("exam.filter.all_topics"),
                    difficulty=(
                        msg(f"exam.difficulty.{spec.difficulty}")
                        if spec.difficulty
                        else msg("exam.filter.all_difficulties")
                    ),
                    wanted=spec.count,
                    available=len(pool),
                )
            )
            continue
        chosen += [q.id for q in rng.sample(pool, spec.count)]
    if problems:
        raise ExamError(problems)
    rule = json.dumps([asdict(spec) for spec in specs], ensure_ascii=False)
    with db.atomic():
        db.execute(
            "UPDATE exams SET draw_seed = ?, draw_rule = ?, updated_at = ? WHERE id = ?",
            [seed, rule, now_iso(), exam_id],
        )
        return set_exam_questions(db, exam_id, chosen)


def void_question(db: Database, exam_id: str, position: int, reason: str = "") -> None:
    """Take a question out of the scoring for everyone (a flawed question); grading is computed
    from the sheets each time, so everyone is regraded at once."""
    with db.atomic():
        db.execute(
            "UPDATE exam_questions SET voided = 1, void_reason = ? WHERE exam_id = ? AND position = ?",
            [reason, exam_id, position],
        )


def restore_question(db: Database, exam_id: str, position: int) -> None:
    with db.atomic():
        db.execute(
            "UPDATE exam_questions SET voided = 0, void_reason = '' WHERE exam_id = ? AND position = ?",
            [exam_id, position],
        )


def max_score(exam: Exam, questions: list[ExamQuestion]) -> int:
    return sum(exam.points_for(q.question.kind) for q in questions if not q.voided)
