"""Invariants of the exam data for ``check``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from outreach.exam.questions import list_questions, normalise_answer
from outreach.i18n import Message, msg

if TYPE_CHECKING:
    from sqlite_utils import Database


def check(db: Database) -> list[Message]:
    problems: list[Message] = []
    questions = {q.id: q for q in list_questions(db)}
    for question in questions.values():
        if (
            normalise_answer(question.kind, question.answer, len(question.options))
            != question.answer
        ):
            problems.append(msg("exam.check.bad_answer", stem=question.stem[:30]))
    placed = db.execute(
        "SELECT e.id, e.name, q.position, q.question_id FROM exam_questions q"
        " JOIN exams e ON e.id = q.exam_id"
    ).fetchall()
    for exam_id, name, position, question_id in placed:
        used = db.execute(
            "SELECT 1 FROM question_usages WHERE question_id = ? AND kind = 'exam' AND ref_id = ?",
            [question_id, exam_id],
        ).fetchone()
        if not used:
            problems.append(msg("exam.check.usage_missing", exam=name, position=position))
    for exam_id, letter, order_json, options_json in db.execute(
        "SELECT exam_id, letter, question_order, option_orders FROM exam_versions"
    ).fetchall():
        positions = {
            row[0]: row[1]
            for row in db.execute(
                "SELECT position, question_id FROM exam_questions WHERE exam_id = ?", [exam_id]
            ).fetchall()
        }
        order = json.loads(order_json)
        option_orders = json.loads(options_json)
        name = db.execute("SELECT name FROM exams WHERE id = ?", [exam_id]).fetchone()[0]
        if sorted(order) != sorted(positions):
            problems.append(msg("exam.check.version_mismatch", exam=name, letter=letter))
            continue
        for position, question_id in positions.items():
            question = questions.get(question_id)
            shuffle = option_orders.get(str(position), [])
            if question is None or sorted(shuffle) != list(range(len(question.options))):
                problems.append(msg("exam.check.version_mismatch", exam=name, letter=letter))
                break
    problems += _check_sheets(db)
    return problems


def _check_sheets(db: Database) -> list[Message]:
    """Every stored answer sheet reads cleanly against its version (nothing half-saved)."""
    from outreach.exam.answers import parse_answers
    from outreach.exam.papers import paper

    problems: list[Message] = []
    cache: dict = {}
    rows = db.execute(
        "SELECT s.exam_id, s.version, s.answers, e.name, m.student_no FROM answer_sheets s"
        " JOIN exams e ON e.id = s.exam_id JOIN members m ON m.id = s.member_id"
    ).fetchall()
    for exam_id, letter, answers, name, student_no in rows:
        key = (exam_id, letter)
        if key not in cache:
            cache[key] = paper(db, exam_id, letter)
        version = cache[key]
        if version is None or not parse_answers(version.items, answers).ok:
            problems.append(msg("exam.check.bad_sheet", exam=name, student_no=student_no))
    return problems
