"""The exam part of the demo programme: a question bank on insurance knowledge (from
``demo_questions.txt``, in the §4.2 text format), the written exam 初赛 with two versions, and
graded answer sheets for every demo member."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from outreach.exam.exams import DrawSpec, Exam, draw_questions, save_exam
from outreach.exam.papers import make_versions
from outreach.exam.question_import import import_preview, preview_text
from outreach.features import DemoContext

if TYPE_CHECKING:
    from sqlite_utils import Database

DEMO_BANK = Path(__file__).with_name("demo_questions.txt")
DEMO_EXAM_NAME = "初赛"


def fill_demo(db: Database, ctx: DemoContext) -> None:
    preview = preview_text(DEMO_BANK.read_text(encoding="utf-8"), "demo_questions.txt", db)
    if not preview.ok:  # the shipped bank is tested; this guards against editing mistakes
        raise ValueError("; ".join(preview.problem_texts("en")))
    import_preview(db, preview)
    exam = save_exam(
        db,
        Exam(
            id="",
            name=DEMO_EXAM_NAME,
            exam_date="2026-10-17",
            duration_minutes=60,
            points_single=4,
            points_multiple=5,
            points_truefalse=2,
            multiple_mode="partial",
            partial_points=2,
            instructions="",
            finalist_mode="teams",
            finalist_count=6,
        ),
    )
    draw_questions(
        db,
        exam.id,
        [DrawSpec("single", 12), DrawSpec("multiple", 6), DrawSpec("truefalse", 11)],
        seed=ctx.seed,
    )
    make_versions(db, exam.id, 2)
    ctx.shared["exam_id"] = exam.id
    _fill_answers(db, ctx, exam.id)


def _fill_answers(db: Database, ctx: DemoContext, exam_id: str) -> None:
    """Answer sheets for every member, once the roster's tables exist."""
    if not db["answer_sheets"].exists() or not db["members"].exists():
        return
    from outreach.exam.answers import fill_demo_answers

    fill_demo_answers(db, ctx, exam_id)
