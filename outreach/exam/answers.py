"""Answer sheets: reading the answer strings organisers type (or import) and storing them.

The answer string lists a sheet's answers in paper order, as quick to type as possible:

- a single-choice or true/false answer is one character: ``A``–``H``; ``T``/``F`` (also
  ``对``/``错``, ``√``/``×``, ``Y``/``N``) for true/false;
- a multiple-choice answer is its letters typed together (``ACD``), ended by a separator
  (space ``,`` ``/`` ``.`` ``+``) when another letter answer follows: ``ABDCA ACD,BD,AB TFFT``;
- ``-`` (or ``_``) is a question left blank;
- numeric keypad: ``1``–``8`` mean ``A``–``H``; for true/false ``1`` = true, ``0`` = false.

Case and full-width characters don't matter. Every problem names the question number: an
impossible letter (not among that question's options), a repeated letter, a single-choice
answer with two letters, too few or too many answers.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from outreach.exam.exams import get_exam
from outreach.exam.papers import Paper, PaperItem, list_versions, paper
from outreach.exam.questions import FALSE, LETTERS, TRUE
from outreach.i18n import Message, msg
from outreach.spreadsheets import read_table
from outreach.storage.database import new_id, now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

SEPARATORS = frozenset(" ,，/;；|、.。+*\t")
BLANK = frozenset("-_")
DIGIT_LETTERS = {str(i + 1): LETTERS[i] for i in range(len(LETTERS))}
TRUE_CHARS = frozenset("T对√✓YV1")
FALSE_CHARS = frozenset("F错×✗NX0")


@dataclass(frozen=True)
class AnswerProblem:
    number: int  # question number on the paper (0: the string as a whole)
    message: Message


@dataclass(frozen=True)
class ParsedAnswers:
    responses: list[str]  # per paper item: normalised answer in the version's letters, "" blank
    problems: list[AnswerProblem]

    @property
    def ok(self) -> bool:
        return not self.problems

    def canonical(self) -> str:
        """The stored form: one token per question, space-separated, ``-`` for a blank."""
        return " ".join(r or "-" for r in self.responses)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).upper()


def parse_answers(items: list[PaperItem], text: str) -> ParsedAnswers:
    chars = _fold(text or "")
    size = len(chars)
    cursor = 0
    responses: list[str] = []
    problems: list[AnswerProblem] = []

    def skip_separators() -> None:
        nonlocal cursor
        while cursor < size and chars[cursor] in SEPARATORS:
            cursor += 1

    for item in items:
        skip_separators()
        if cursor >= size:
            break
        number = item.number
        char = chars[cursor]
        if char in BLANK:
            cursor += 1
            responses.append("")
            continue
        if item.kind == "truefalse":
            cursor += 1
            if char in TRUE_CHARS:
                responses.append(TRUE)
            elif char in FALSE_CHARS:
                responses.append(FALSE)
            else:
                responses.append("")
                problems.append(
                    AnswerProblem(
                        number, msg("exam.answers.error.truefalse", number=number, char=char)
                    )
                )
            continue
        allowed = LETTERS[: len(item.question.options)]
        if item.kind == "single":
            cursor += 1
            letter = DIGIT_LETTERS.get(char, char)
            if letter in allowed:
                responses.append(letter)
            else:
                responses.append("")
                problems.append(
                    AnswerProblem(
                        number,
                        msg(
                            "exam.answers.error.impossible",
                            number=number,
                            char=char,
                            letters=allowed,
                        ),
                    )
                )
            continue
        # multiple choice: a run of letters up to a separator or a non-letter
        run = []
        while cursor < size:
            letter = DIGIT_LETTERS.get(chars[cursor], chars[cursor])
            if letter not in LETTERS:
                break
            run.append(letter)
            cursor += 1
        if not run:
            cursor += 1
            responses.append("")
            problems.append(
                AnswerProblem(
                    number,
                    msg("exam.answers.error.impossible", number=number, char=char, letters=allowed),
                )
            )
            continue
        wrong = [ch for ch in run if ch not in allowed]
        if wrong:
            problems.append(
                AnswerProblem(
                    number,
                    msg(
                        "exam.answers.error.impossible",
                        number=number,
                        char=wrong[0],
                        letters=allowed,
                    ),
                )
            )
        elif len(set(run)) != len(run):
            problems.append(
                AnswerProblem(
                    number, msg("exam.answers.error.repeated", number=number, answer="".join(run))
                )
            )
        responses.append("" if wrong else "".join(sorted(set(run))))
    skip_separators()
    if len(responses) < len(items):
        problems.append(
            AnswerProblem(
                0, msg("exam.answers.error.too_short", given=len(responses), expected=len(items))
            )
        )
        responses += [""] * (len(items) - len(responses))
    elif cursor < size:
        problems.append(
            AnswerProblem(
                0,
                msg("exam.answers.error.too_long", expected=len(items), extra=chars[cursor:][:12]),
            )
        )
    return ParsedAnswers(responses, problems)


def format_answers(items: list[PaperItem], responses: list[str]) -> str:
    """Responses written the quick way they are typed: ``ABDCA ACD,BD TFFT`` (``-`` blank)."""
    parts: list[str] = []
    for index, item in enumerate(items):
        given = responses[index] if index < len(responses) else ""
        if not given:
            parts.append("-")
        elif item.kind == "truefalse":
            parts.append("T" if given == TRUE else "F")
        else:
            parts.append(given)
        following = items[index + 1] if index + 1 < len(items) else None
        if following is not None and (
            (item.kind == "multiple" and following.kind == "multiple")
            or following.kind != item.kind
        ):
            parts.append("," if item.kind == "multiple" and following.kind == "multiple" else " ")
    return "".join(parts)


def format_key(items: list[PaperItem]) -> str:
    """A version's key written as an answer string (what a perfect sheet looks like)."""
    return format_answers(items, [item.key for item in items])


# -- stored sheets


@dataclass(frozen=True)
class AnswerSheet:
    id: str
    exam_id: str
    member_id: str
    version: str
    answers: str  # canonical form (see ParsedAnswers.canonical)
    source: str
    entered_at: str
    updated_at: str


_SHEET_COLUMNS = "id, exam_id, member_id, version, answers, source, entered_at, updated_at"


def list_sheets(db: Database, exam_id: str) -> list[AnswerSheet]:
    return [
        AnswerSheet(*row)
        for row in db.execute(
            f"SELECT {_SHEET_COLUMNS} FROM answer_sheets WHERE exam_id = ? ORDER BY entered_at, rowid",
            [exam_id],
        ).fetchall()
    ]


def sheet_for(db: Database, exam_id: str, member_id: str) -> AnswerSheet | None:
    row = db.execute(
        f"SELECT {_SHEET_COLUMNS} FROM answer_sheets WHERE exam_id = ? AND member_id = ?",
        [exam_id, member_id],
    ).fetchone()
    return AnswerSheet(*row) if row else None


@dataclass(frozen=True)
class MemberRef:
    id: str
    name: str
    student_no: str
    team_id: str


def member_by_student_no(db: Database, student_no: str) -> MemberRef | None:
    # the roster stores numbers in capitals: "2023a01" typed on an answer sheet is 2023A01
    folded = unicodedata.normalize("NFKC", student_no or "").strip().upper()
    row = db.execute(
        "SELECT id, name, student_no, team_id FROM members WHERE upper(student_no) = ?", [folded]
    ).fetchone()
    return MemberRef(*row) if row else None


class AnswerError(Exception):
    def __init__(self, problems: list[Message]) -> None:
        super().__init__("; ".join(p.render("en") for p in problems))
        self.problems = problems


def check_sheet(
    db: Database, exam_id: str, student_no: str, version: str, answers: str, papers_cache=None
) -> tuple[MemberRef | None, str, ParsedAnswers | None, list[Message]]:
    """Everything wrong with one typed sheet (empty problems: it can be saved)."""
    problems: list[Message] = []
    member = member_by_student_no(db, student_no)
    if member is None:
        problems.append(msg("exam.answers.error.unknown_student", student_no=student_no or "-"))
    letter = _fold(version or "").strip()
    cache = papers_cache if papers_cache is not None else {}
    if letter not in cache:
        cache[letter] = paper(db, exam_id, letter) if letter else None
    version_paper: Paper | None = cache[letter]
    parsed = None
    if version_paper is None:
        known = ", ".join(list_versions(db, exam_id))
        if known:
            problems.append(
                msg("exam.answers.error.unknown_version", version=version or "-", known=known)
            )
        else:  # "(known: -)" did not say what to do
            problems.append(msg("exam.answers.error.no_versions"))
    else:
        parsed = parse_answers(version_paper.items, answers)
        problems += [p.message for p in parsed.problems]
    return member, letter, parsed, problems


def save_sheet(
    db: Database, exam_id: str, student_no: str, version: str, answers: str, source: str = "typed"
) -> AnswerSheet:
    """Store (or replace) one member's sheet after checking it; raises ``AnswerError``."""
    member, letter, parsed, problems = check_sheet(db, exam_id, student_no, version, answers)
    if problems or member is None or parsed is None:
        raise AnswerError(problems)
    with db.atomic():
        _upsert(db, exam_id, member.id, letter, parsed.canonical(), source)
    return sheet_for(db, exam_id, member.id)  # type: ignore[return-value]


def _upsert(
    db: Database, exam_id: str, member_id: str, letter: str, canonical: str, source: str
) -> None:
    now = now_iso()
    db.execute(
        "INSERT INTO answer_sheets"
        " (id, exam_id, member_id, version, answers, source, entered_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (exam_id, member_id) DO UPDATE SET version = excluded.version,"
        " answers = excluded.answers, source = excluded.source, updated_at = excluded.updated_at",
        [new_id(), exam_id, member_id, letter, canonical, source, now, now],
    )


def delete_sheet(db: Database, exam_id: str, member_id: str) -> bool:
    with db.atomic():
        return (
            db.execute(
                "DELETE FROM answer_sheets WHERE exam_id = ? AND member_id = ?",
                [exam_id, member_id],
            ).rowcount
            > 0
        )


# -- import from CSV/XLSX

ANSWER_ALIASES = {
    "student_no": ("学号", "student_no", "student no", "student number"),
    "version": ("试卷", "版本", "试卷版本", "卷别", "version", "paper"),
    "answers": ("答案", "答题", "answers", "answer"),
    "name": ("姓名", "name"),
}


@dataclass(frozen=True)
class AnswerRowProblem:
    row: int
    message: Message

    def render(self, file_name: str, language: str | None = None) -> str:
        if self.row <= 0:  # the file as a whole: no "row 0"
            where = msg("exam.import.where_file", file=file_name)
        else:
            where = msg("exam.import.where_row", file=file_name, line=self.row)
        return msg("exam.import.problem_at", where=where, problem=self.message).render(language)


@dataclass
class AnswerImportPreview:
    source: str
    rows: list[tuple[int, MemberRef, str, ParsedAnswers]]
    problems: list[AnswerRowProblem]
    replaced: int = 0  # sheets already stored that the import would replace

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    def problem_texts(self, language: str | None = None) -> list[str]:
        return [p.render(self.source, language) for p in self.problems]


def _same_name(written: str, registered: str) -> bool:
    from outreach.competition.rules import normalise_name

    def fold(text: str) -> str:
        return normalise_name(unicodedata.normalize("NFKC", text)).replace(" ", "").casefold()

    return fold(written) == fold(registered)


def preview_answers(db: Database, exam_id: str, path: str | Path) -> AnswerImportPreview:
    """Check every row of an answers file; raises ``TableError`` for an unreadable file."""
    path = Path(path)
    table = read_table(path, ANSWER_ALIASES, required=("student_no", "version", "answers"))
    rows = []
    problems: list[AnswerRowProblem] = []
    seen: dict[str, int] = {}
    cache: dict = {}
    replaced = 0
    for row in table.rows:
        cells = row.cells
        member, letter, parsed, row_problems = check_sheet(
            db,
            exam_id,
            cells.get("student_no", ""),
            cells.get("version", ""),
            cells.get("answers", ""),
            cache,
        )
        written_name = cells.get("name", "")
        if member is not None and written_name and not _same_name(written_name, member.name):
            # a mistyped student number must not grade someone else's sheet
            row_problems.append(
                msg(
                    "exam.answers.error.name_mismatch",
                    student_no=member.student_no,
                    written=written_name,
                    name=member.name,
                )
            )
        problems += [AnswerRowProblem(row.number, p) for p in row_problems]
        if member is not None:
            if member.id in seen:
                problems.append(
                    AnswerRowProblem(
                        row.number,
                        msg(
                            "exam.answers.error.twice",
                            student_no=member.student_no,
                            first=seen[member.id],
                        ),
                    )
                )
            seen[member.id] = row.number
        if not row_problems and member is not None and parsed is not None:
            rows.append((row.number, member, letter, parsed))
            if sheet_for(db, exam_id, member.id) is not None:
                replaced += 1
    if not table.rows:
        problems.append(AnswerRowProblem(0, msg("exam.answers.error.no_rows")))
    return AnswerImportPreview(path.name, rows, problems, replaced)


def import_answers(db: Database, exam_id: str, preview: AnswerImportPreview) -> int:
    """Store every sheet of a clean preview in one transaction (all or nothing)."""
    if not preview.ok:
        raise ValueError("the preview has problems; nothing to import")
    with db.atomic():
        for _, member, letter, parsed in preview.rows:
            _upsert(db, exam_id, member.id, letter, parsed.canonical(), f"import:{preview.source}")
    return len(preview.rows)


# -- demo


def fill_demo_answers(db: Database, ctx, exam_id: str) -> int:
    """A plausible sheet for every member: each has an ability; harder questions are missed
    more often; a few multiple-choice answers are half right."""
    exam = get_exam(db, exam_id)
    letters = list_versions(db, exam_id)
    if exam is None or not letters:
        return 0
    member_ids = ctx.shared.get("member_ids") or [
        row[0] for row in db.execute("SELECT id FROM members ORDER BY student_no").fetchall()
    ]
    rng = random.Random(ctx.seed + 4)
    versions = {letter: paper(db, exam_id, letter) for letter in letters}
    count = 0
    for index, member_id in enumerate(member_ids):
        letter = letters[index % len(letters)]
        items = versions[letter].items  # type: ignore[union-attr]
        ability = rng.uniform(0.45, 0.95)
        # Draws are made per question in the order of the questions' texts, the same number
        # for each: positions and the versions' shuffles follow random ids, and the demo's
        # scores (and so its finalists) must come out the same every time.
        draws = {
            item.position: (rng.random(), rng.random(), rng.random())
            for item in sorted(items, key=lambda item: item.question.stem)
        }
        responses = []
        for item in items:
            knows, half, pick = draws[item.position]
            chance = ability - 0.12 * (item.question.difficulty - 2)
            if knows < chance:
                responses.append(item.key)
            elif item.kind == "truefalse":
                responses.append(FALSE if item.key == TRUE else TRUE)
            elif item.kind == "multiple" and len(item.key) > 1 and half < 0.5:
                responses.append(item.key[: len(item.key) - 1])  # missed one letter
            else:
                allowed = LETTERS[: len(item.question.options)]
                # a letter outside the key (for multiple choice, a key letter alone would
                # earn partial points, and which letters those are depends on the version)
                wrong = [ch for ch in allowed if ch not in item.key]
                responses.append(wrong[int(pick * len(wrong))] if wrong else "")
        canonical = " ".join(r or "-" for r in responses)
        _upsert(db, exam_id, member_id, letter, canonical, "demo")
        count += 1
    return count
