"""The question bank: single-choice, multiple-choice and true/false questions, and where each
one was used (an exam, a final round, kept in reserve for tie-breaks).

Answers are stored in one normalised form, the same everywhere in the program:

- ``single``: one capital option letter, e.g. ``"B"``;
- ``multiple``: the correct letters in alphabetical order without separators, e.g. ``"ACD"``;
- ``truefalse``: ``"对"`` (true) or ``"错"`` (false); such questions have no options.

``normalise_answer`` turns what people type (``"a, c"``, ``"√"``, ``"正确"``, ``"T"``) into that
form. Options are kept as a list of texts without their letters (index 0 is A).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from outreach.i18n import Message, from_stored, msg
from outreach.storage.database import new_id, now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

KINDS = ("single", "multiple", "truefalse")
KIND_ORDER = {kind: index for index, kind in enumerate(KINDS)}
TRUE, FALSE = "对", "错"
LETTERS = "ABCDEFGH"
MAX_OPTIONS = len(LETTERS)
DIFFICULTIES = (1, 2, 3)  # 易, 中, 难
USAGE_KINDS = ("exam", "final_round", "tiebreak")

# What people write for true and false (compared after NFKC and upper-casing).
TRUE_WORDS = {"对", "正确", "√", "✓", "✔", "T", "TRUE", "Y", "YES", "是", "V"}
FALSE_WORDS = {"错", "错误", "×", "✗", "✘", "X", "F", "FALSE", "N", "NO", "否"}


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    stem: str
    options: list[str] = field(default_factory=list)
    answer: str = ""
    explanation: str = ""
    topic: str = ""
    difficulty: int = 2
    reserved: bool = False
    source: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def option_letters(self) -> str:
        return LETTERS[: len(self.options)]

    def option_text(self, letter: str) -> str:
        return self.options[LETTERS.index(letter)]


@dataclass(frozen=True)
class QuestionUsage:
    id: str
    question_id: str
    kind: str  # exam | final_round | tiebreak
    ref_id: str  # the exam's or round's id ("" for the tie-break reserve)
    label: str  # what the organiser reads: "初赛 #12", or a stored message (i18n.from_stored)
    used_at: str

    @property
    def in_reserve(self) -> bool:
        """Only a mark that the question is kept for tie-breaks, not a use."""
        return self.kind == "tiebreak" and not self.ref_id

    def where(self) -> Message | str:
        """Where it was used, to show: a label kept as a message (a tie-break round's name)
        reads in whichever language it is rendered in."""
        if self.in_reserve or not self.label:
            return msg(f"exam.usage.{self.kind}")
        return from_stored(self.label)


def stem_key(stem: str) -> str:
    """The stem with width, case, spaces and punctuation folded away, so that two copies of a
    question that differ only in those count as duplicates."""
    folded = unicodedata.normalize("NFKC", stem).lower()
    return "".join(ch for ch in folded if ch.isalnum())


def normalise_answer(kind: str, text: str, option_count: int | None = None) -> str | None:
    """The normalised answer for ``kind``, or None when ``text`` cannot be such an answer.

    Letters outside the options are not checked here unless ``option_count`` is given."""
    folded = unicodedata.normalize("NFKC", text or "").strip().upper()
    if kind == "truefalse":
        compact = folded.replace(" ", "")
        if compact in TRUE_WORDS:
            return TRUE
        if compact in FALSE_WORDS:
            return FALSE
        return None
    letters = [ch for ch in folded if ch not in " ,，、;；/|.。"]
    if not letters or any(ch not in LETTERS for ch in letters):
        return None
    if len(set(letters)) != len(letters):
        return None
    answer = "".join(sorted(letters))
    if option_count is not None and any(LETTERS.index(ch) >= option_count for ch in answer):
        return None
    if kind == "single" and len(answer) != 1:
        return None
    return answer


def validate_question(
    kind: str, stem: str, options: list[str], answer: str, difficulty: int = 2
) -> list[Message]:
    """What is wrong with a question as typed (empty list: it can be saved)."""
    problems: list[Message] = []
    if kind not in KINDS:
        problems.append(msg("exam.question.error.kind", kind=kind))
        return problems
    if not stem.strip():
        problems.append(msg("exam.question.error.no_stem"))
    if kind == "truefalse":
        if options:
            problems.append(msg("exam.question.error.truefalse_options"))
        if normalise_answer(kind, answer) is None:
            problems.append(msg("exam.question.error.truefalse_answer", answer=answer))
    else:
        if len(options) < 2:
            problems.append(msg("exam.question.error.few_options"))
        if len(options) > MAX_OPTIONS:
            problems.append(msg("exam.question.error.many_options", limit=MAX_OPTIONS))
        for index, text in enumerate(options[:MAX_OPTIONS]):
            if not text.strip():
                problems.append(msg("exam.question.error.empty_option", letter=LETTERS[index]))
        if not answer.strip():
            problems.append(msg("exam.question.error.no_answer"))
        elif normalise_answer(kind, answer) is None:
            if kind == "single" and normalise_answer("multiple", answer):
                problems.append(msg("exam.question.error.single_many", answer=answer))
            else:
                problems.append(msg("exam.question.error.bad_letters", answer=answer))
        elif normalise_answer(kind, answer, len(options)) is None:
            problems.append(
                msg(
                    "exam.question.error.letter_not_option",
                    answer=answer,
                    letters=LETTERS[: len(options)],
                )
            )
    if difficulty not in DIFFICULTIES:
        problems.append(msg("exam.question.error.difficulty", difficulty=difficulty))
    return problems


# -- storage

_COLUMNS = (
    "id, kind, stem, options, answer, explanation, topic, difficulty, reserved, source,"
    " created_at, updated_at"
)


def _question(row) -> Question:
    return Question(
        id=row[0],
        kind=row[1],
        stem=row[2],
        options=json.loads(row[3]),
        answer=row[4],
        explanation=row[5],
        topic=row[6],
        difficulty=row[7],
        reserved=bool(row[8]),
        source=row[9],
        created_at=row[10],
        updated_at=row[11],
    )


def list_questions(
    db: Database,
    *,
    reserved: bool | None = None,
    kind: str | None = None,
    topic: str | None = None,
    difficulty: int | None = None,
) -> list[Question]:
    """Bank questions, ordered by type, then topic, then stem; filters are optional."""
    where, params = [], []
    if reserved is not None:
        where.append("reserved = ?")
        params.append(1 if reserved else 0)
    if kind is not None:
        where.append("kind = ?")
        params.append(kind)
    if topic is not None:
        where.append("topic = ?")
        params.append(topic)
    if difficulty is not None:
        where.append("difficulty = ?")
        params.append(difficulty)
    sql = f"SELECT {_COLUMNS} FROM questions"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += (
        " ORDER BY CASE kind WHEN 'single' THEN 0 WHEN 'multiple' THEN 1 ELSE 2 END, topic, rowid"
    )
    return [_question(row) for row in db.execute(sql, params).fetchall()]


def get_question(db: Database, question_id: str) -> Question | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM questions WHERE id = ?", [question_id]).fetchone()
    return _question(row) if row else None


def questions_by_id(db: Database, ids: list[str] | None = None) -> dict[str, Question]:
    if ids is None:
        return {q.id: q for q in list_questions(db)}
    found: dict[str, Question] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.execute(
            f"SELECT {_COLUMNS} FROM questions WHERE id IN ({marks})", chunk
        ).fetchall():
            question = _question(row)
            found[question.id] = question
    return found


def topics(db: Database) -> list[str]:
    return [
        row[0]
        for row in db.execute(
            "SELECT DISTINCT topic FROM questions WHERE topic != '' ORDER BY topic"
        ).fetchall()
    ]


def count_questions(db: Database) -> int:
    return db.execute("SELECT count(*) FROM questions").fetchone()[0]


def find_by_stem(db: Database, stem: str) -> Question | None:
    row = db.execute(
        f"SELECT {_COLUMNS} FROM questions WHERE stem_key = ?", [stem_key(stem)]
    ).fetchone()
    return _question(row) if row else None


class QuestionError(Exception):
    def __init__(self, problems: list[Message]) -> None:
        super().__init__("; ".join(p.render("en") for p in problems))
        self.problems = problems


def _check_for_save(db: Database, question: Question, *, existing_id: str | None) -> None:
    problems = validate_question(
        question.kind, question.stem, question.options, question.answer, question.difficulty
    )
    twin = find_by_stem(db, question.stem) if question.stem.strip() else None
    if twin is not None and twin.id != existing_id:
        problems.append(msg("exam.question.error.duplicate_in_bank", stem=twin.stem[:40]))
    if problems:
        raise QuestionError(problems)


def _row(question: Question) -> dict:
    answer = normalise_answer(question.kind, question.answer, len(question.options))
    return {
        "id": question.id,
        "kind": question.kind,
        "stem": question.stem.strip(),
        "options": json.dumps([o.strip() for o in question.options], ensure_ascii=False),
        "answer": answer,
        "explanation": question.explanation.strip(),
        "topic": question.topic.strip(),
        "difficulty": question.difficulty,
        "reserved": 1 if question.reserved else 0,
        "source": question.source,
        "stem_key": stem_key(question.stem),
        "created_at": question.created_at or now_iso(),
        "updated_at": now_iso(),
    }


def add_question(db: Database, question: Question) -> Question:
    """Insert a question (a new id when it has none); raises ``QuestionError``."""
    if not question.id:
        question = replace(question, id=new_id())
    _check_for_save(db, question, existing_id=None)
    row = _row(question)
    with db.atomic():
        db["questions"].insert(row)
    return get_question(db, row["id"])  # type: ignore[return-value]


def add_questions(db: Database, questions: list[Question]) -> list[Question]:
    """Insert many in one transaction (all or nothing)."""
    added = []
    with db.atomic():
        for question in questions:
            added.append(add_question(db, question))
    return added


def update_question(db: Database, question: Question) -> Question:
    """Save an edited question. The number of options may not change once a paper uses it
    (the printed versions shuffle them by position)."""
    before = get_question(db, question.id)
    if before is None:
        raise QuestionError([msg("exam.question.error.missing")])
    _check_for_save(db, question, existing_id=question.id)
    if len(before.options) != len(question.options) or before.kind != question.kind:
        in_exam = db.execute(
            "SELECT count(*) FROM question_usages WHERE question_id = ? AND kind = 'exam'",
            [question.id],
        ).fetchone()[0]
        if in_exam:
            raise QuestionError([msg("exam.question.error.shape_locked")])
    row = _row(replace(question, created_at=before.created_at))
    with db.atomic():
        db["questions"].update(question.id, row)
    return get_question(db, question.id)  # type: ignore[return-value]


def set_reserved(db: Database, question_id: str, reserved: bool) -> Question:
    with db.atomic():
        db.execute(
            "UPDATE questions SET reserved = ?, updated_at = ? WHERE id = ?",
            [1 if reserved else 0, now_iso(), question_id],
        )
        if reserved:
            record_usage(db, question_id, "tiebreak", "", "")
        else:  # a question a tie-break round used stays used
            db.execute(
                "DELETE FROM question_usages"
                " WHERE question_id = ? AND kind = 'tiebreak' AND ref_id = ''",
                [question_id],
            )
    return get_question(db, question_id)  # type: ignore[return-value]


def delete_question(db: Database, question_id: str) -> bool:
    """Delete a question nobody has used yet; a used one is refused (``QuestionError``)."""
    used = [u for u in question_usages(db, question_id) if not u.in_reserve]
    if used:
        raise QuestionError([msg("exam.question.error.in_use", where=used[0].where())])
    with db.atomic():
        db.execute("DELETE FROM question_usages WHERE question_id = ?", [question_id])
        return db.execute("DELETE FROM questions WHERE id = ?", [question_id]).rowcount > 0


# -- where questions were used


def record_usage(
    db: Database, question_id: str, kind: str, ref_id: str, label: str
) -> QuestionUsage:
    """Note that a question was used (idempotent per question, kind and reference)."""
    if kind not in USAGE_KINDS:
        raise ValueError(f"unknown usage kind {kind!r}")
    with db.atomic():
        db.execute(
            "INSERT INTO question_usages (id, question_id, kind, ref_id, label, used_at)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (question_id, kind, ref_id) DO UPDATE SET label = excluded.label",
            [new_id(), question_id, kind, ref_id or "", label or "", now_iso()],
        )
    row = db.execute(
        "SELECT id, question_id, kind, ref_id, label, used_at FROM question_usages"
        " WHERE question_id = ? AND kind = ? AND ref_id = ?",
        [question_id, kind, ref_id or ""],
    ).fetchone()
    return QuestionUsage(*row)


def forget_usage(db: Database, question_id: str, kind: str, ref_id: str) -> bool:
    with db.atomic():
        return (
            db.execute(
                "DELETE FROM question_usages WHERE question_id = ? AND kind = ? AND ref_id = ?",
                [question_id, kind, ref_id or ""],
            ).rowcount
            > 0
        )


def question_usages(db: Database, question_id: str) -> list[QuestionUsage]:
    return [
        QuestionUsage(*row)
        for row in db.execute(
            "SELECT id, question_id, kind, ref_id, label, used_at FROM question_usages"
            " WHERE question_id = ? ORDER BY used_at, kind",
            [question_id],
        ).fetchall()
    ]


def usages_by_question(db: Database) -> dict[str, list[QuestionUsage]]:
    grouped: dict[str, list[QuestionUsage]] = {}
    for row in db.execute(
        "SELECT id, question_id, kind, ref_id, label, used_at FROM question_usages"
        " ORDER BY used_at, kind"
    ).fetchall():
        usage = QuestionUsage(*row)
        grouped.setdefault(usage.question_id, []).append(usage)
    return grouped
