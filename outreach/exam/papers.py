"""Paper versions (A, B, C…): each shuffles the question order within each type section and the
option order of every choice question, reproducibly from the exam's seed and the letter. The
shuffles are stored, so a version's key always maps back to the bank's questions and letters.

A version's *key* lists, in paper order, the normalised answer in the letters printed on that
version (``"B"``, ``"AD"``, ``"对"``).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from outreach.exam.exams import Exam, ExamError, ExamQuestion, exam_questions, get_exam, has_answers
from outreach.exam.questions import KINDS, LETTERS, Question
from outreach.i18n import msg
from outreach.storage.database import now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

VERSION_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class PaperItem:
    number: int  # printed question number on this version (1-based)
    position: int  # the question's position in the exam
    question: Question
    option_order: tuple[int, ...]  # printed option i shows the bank's option option_order[i]
    key: str  # the answer in this version's letters
    voided: bool = False

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def shown_options(self) -> list[str]:
        return [self.question.options[i] for i in self.option_order]

    def bank_letters(self, shown: str) -> str:
        """Map letters as printed on this version back to the bank's letters."""
        if self.kind == "truefalse":
            return shown
        return "".join(sorted(LETTERS[self.option_order[LETTERS.index(ch)]] for ch in shown))


@dataclass(frozen=True)
class Paper:
    exam: Exam
    letter: str
    items: list[PaperItem]

    @property
    def key(self) -> list[str]:
        return [item.key for item in self.items]

    def sections(self) -> list[tuple[str, list[PaperItem]]]:
        return [
            (kind, [item for item in self.items if item.kind == kind])
            for kind in KINDS
            if any(item.kind == kind for item in self.items)
        ]


def _shuffle(exam: Exam, letter: str, questions: list[ExamQuestion]) -> tuple[list[int], dict]:
    rng = random.Random(f"{exam.draw_seed or 0}:{exam.id}:{letter}")
    order: list[int] = []
    for kind in KINDS:
        section = [q.position for q in questions if q.question.kind == kind]
        rng.shuffle(section)
        order += section
    option_orders = {}
    for q in questions:
        indices = list(range(len(q.question.options)))
        if q.question.kind != "truefalse":
            rng.shuffle(indices)
        option_orders[str(q.position)] = indices
    return order, option_orders


def make_versions(db: Database, exam_id: str, count: int) -> list[str]:
    """(Re)build ``count`` versions A, B, C…; refused once answer sheets exist (the papers
    people wrote on must not change underneath them)."""
    exam = get_exam(db, exam_id)
    if exam is None:
        raise ExamError([msg("exam.setup.error.missing")])
    if not 1 <= count <= len(VERSION_LETTERS):
        raise ExamError([msg("exam.setup.error.version_count", limit=len(VERSION_LETTERS))])
    existing = list_versions(db, exam_id)
    locked = has_answers(db, exam_id)
    if locked and count < len(existing):
        raise ExamError([msg("exam.setup.error.locked")])
    questions = exam_questions(db, exam_id)
    letters = list(VERSION_LETTERS[:count])
    with db.atomic():
        for letter in letters:
            if locked and letter in existing:
                continue  # keep the papers already answered on
            order, option_orders = _shuffle(exam, letter, questions)
            db.execute(
                "INSERT OR REPLACE INTO exam_versions"
                " (exam_id, letter, question_order, option_orders, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [exam_id, letter, json.dumps(order), json.dumps(option_orders), now_iso()],
            )
        db.execute(
            "DELETE FROM exam_versions WHERE exam_id = ? AND letter NOT IN"
            f" ({','.join('?' * len(letters))})",
            [exam_id, *letters],
        )
    return letters


def list_versions(db: Database, exam_id: str) -> list[str]:
    return [
        row[0]
        for row in db.execute(
            "SELECT letter FROM exam_versions WHERE exam_id = ? ORDER BY letter", [exam_id]
        ).fetchall()
    ]


def _key_for(question: Question, option_order: list[int]) -> str:
    if question.kind == "truefalse":
        return question.answer
    shown_index = {bank: shown for shown, bank in enumerate(option_order)}
    return "".join(sorted(LETTERS[shown_index[LETTERS.index(ch)]] for ch in question.answer))


def paper(db: Database, exam_id: str, letter: str) -> Paper | None:
    """A version as printed: its items in paper order with shown options and key."""
    exam = get_exam(db, exam_id)
    row = db.execute(
        "SELECT question_order, option_orders FROM exam_versions WHERE exam_id = ? AND letter = ?",
        [exam_id, letter],
    ).fetchone()
    if exam is None or row is None:
        return None
    by_position = {q.position: q for q in exam_questions(db, exam_id)}
    order = json.loads(row[0])
    option_orders = json.loads(row[1])
    items = []
    for number, position in enumerate(order, start=1):
        exam_question = by_position.get(position)
        if exam_question is None:
            continue
        question = exam_question.question
        option_order = option_orders.get(str(position), list(range(len(question.options))))
        if len(option_order) != len(question.options):
            option_order = list(range(len(question.options)))
        items.append(
            PaperItem(
                number=number,
                position=position,
                question=question,
                option_order=tuple(option_order),
                key=_key_for(question, option_order),
                voided=exam_question.voided,
            )
        )
    return Paper(exam, letter, items)


def papers(db: Database, exam_id: str) -> dict[str, Paper]:
    found = {}
    for letter in list_versions(db, exam_id):
        version = paper(db, exam_id, letter)
        if version is not None:
            found[letter] = version
    return found
