"""Reading questions from the plain-text format Chinese question banks use (DESIGN.md §4.2) and
from CSV/XLSX, with a preview: every broken question is reported with its line (or row), and
nothing is imported until the whole file is clean.

The text format, as found in the wild::

    一、单项选择题                      (section headings are optional; they hint the type)
    1、根据保险营销原理，……（ ）。       (numbering 1、 1. 1． 1） ; full or half width)
    A. 保险市场调研                     (options A. A、 A． A: (A) （A）; several on one line too)
    B. …
    【答案】：A                         (several letters, or 对/错 √/× 正确/错误)
    【解析】：保险营销是指……            (optional; may run over several lines)
    【知识点】：保险基础  【难度】：中    (optional extensions of ours)

Files may be UTF-8 (with or without BOM), UTF-16 or GB18030, with any line endings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from outreach.atomic_files import os_reason
from outreach.exam.questions import (
    LETTERS,
    Question,
    add_questions,
    list_questions,
    normalise_answer,
    stem_key,
)
from outreach.i18n import Message, msg
from outreach.spreadsheets import read_table, write_table

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_TEXT_BYTES = 10 * 1024 * 1024

_NUMBER = r"[0-9０-９]+"
_QUESTION_START = re.compile(rf"^\s*(?:第\s*)?({_NUMBER})\s*(?:题\s*)?([、．.]|[)）])\s*(.*)$")
_OPTION_PAREN = re.compile(r"^\s*[(（]\s*([A-Ha-hＡ-Ｈａ-ｈ])\s*[)）]\s*(.*)$")
_OPTION_MARK = re.compile(r"^\s*([A-Ha-hＡ-Ｈａ-ｈ])\s*[.．、:：]\s*(.*)$")
_MARKER = re.compile(r"^\s*[【\[［]\s*([^】\]］]{1,6}?)\s*[】\]］]\s*[:：]?\s*(.*)$")
_PLAIN_MARKER = re.compile(
    r"^\s*(答案|正确答案|参考答案|解析|答案解析|知识点|考点|难度|题型)\s*[:：]\s*(.*)$"
)
_SECTION = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*(.*)$")
# Another option further along the same line: "A. 对   B. 错".
_INLINE_OPTION = re.compile(r"\s+(?:[(（]\s*([B-Hb-hＢ-Ｈ])\s*[)）]|([B-Hb-hＢ-Ｈ])\s*[.．、])\s*")

_ANSWER_MARKERS = {"答案", "正确答案", "参考答案", "标准答案"}
_EXPLANATION_MARKERS = {"解析", "答案解析", "试题解析", "分析"}
_TOPIC_MARKERS = {"知识点", "考点", "主题", "分类"}
_DIFFICULTY_MARKERS = {"难度"}
_KIND_MARKERS = {"题型"}

DIFFICULTY_WORDS = {
    "易": 1,
    "容易": 1,
    "简单": 1,
    "低": 1,
    "1": 1,
    "EASY": 1,
    "中": 2,
    "中等": 2,
    "一般": 2,
    "适中": 2,
    "2": 2,
    "MEDIUM": 2,
    "难": 3,
    "困难": 3,
    "较难": 3,
    "高": 3,
    "3": 3,
    "HARD": 3,
}
KIND_WORDS = {
    "单选": "single",
    "单选题": "single",
    "单项选择题": "single",
    "SINGLE": "single",
    "多选": "multiple",
    "多选题": "multiple",
    "多项选择题": "multiple",
    "不定项选择题": "multiple",
    "MULTIPLE": "multiple",
    "判断": "truefalse",
    "判断题": "truefalse",
    "TRUEFALSE": "truefalse",
    "TRUE/FALSE": "truefalse",
    "是非题": "truefalse",
}


@dataclass
class ParsedQuestion:
    """A question as read from a file, with the lines its parts came from."""

    line: int
    stem: str = ""
    options: list[str] = field(default_factory=list)
    option_lines: list[int] = field(default_factory=list)
    answer_text: str | None = None
    answer_line: int = 0
    explanation: str = ""
    topic: str = ""
    difficulty: int = 2
    kind_hint: str | None = None
    reserved: bool = False
    # filled by ``check``:
    kind: str = ""
    answer: str = ""


@dataclass(frozen=True)
class ImportProblem:
    line: int  # line (text) or row (spreadsheet); 0 for the file as a whole
    message: Message

    def render(self, file_name: str, language: str | None = None, row_word: str = "line") -> str:
        if self.line <= 0:  # the file as a whole: no "line 0"
            where = msg("exam.import.where_file", file=file_name or "-")
        elif not file_name:
            where = msg("exam.import.where_line", line=self.line)
        elif row_word == "row":
            where = msg("exam.import.where_row", file=file_name, line=self.line)
        else:
            where = msg("exam.import.where", file=file_name, line=self.line)
        return msg("exam.import.problem_at", where=where, problem=self.message).render(language)


@dataclass
class QuestionPreview:
    """What an import would create, and what is wrong (nothing is created if anything is)."""

    source: str
    questions: list[ParsedQuestion]
    problems: list[ImportProblem]
    row_word: str = "line"  # "line" for text files, "row" for spreadsheets

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.questions)

    def problem_texts(self, language: str | None = None) -> list[str]:
        return [p.render(self.source, language, self.row_word) for p in self.problems]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def decode_text(data: bytes) -> str:
    """Text from the bytes of a question file: BOM-marked UTF-8/16, else UTF-8, else GB18030;
    CRLF and CR become LF."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def _split_inline_options(first_letter: str, text: str) -> list[tuple[str, str]]:
    """``A. 对   B. 错`` on one line: split where the next letters follow in order."""
    parts = [(first_letter, text)]
    expected = LETTERS.index(first_letter) + 1
    while expected < len(LETTERS):
        current_letter, current_text = parts[-1]
        for match in _INLINE_OPTION.finditer(current_text):
            letter = _fold(match.group(1) or match.group(2)).upper()
            if letter == LETTERS[expected]:
                parts[-1] = (current_letter, current_text[: match.start()])
                parts.append((letter, current_text[match.end() :]))
                break
        else:
            break
        expected += 1
    return parts


def parse_question_text(text: str) -> tuple[list[ParsedQuestion], list[ImportProblem]]:
    """Read questions from §4.2 text. Never raises on odd input: it reports problems."""
    questions: list[ParsedQuestion] = []
    problems: list[ImportProblem] = []
    current: ParsedQuestion | None = None
    section_kind: str | None = None
    # which part of the question continuation lines belong to
    part = "stem"

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip().replace("\u3000", " ").strip()
        if not line:
            continue
        folded = _fold(line)

        marker = _MARKER.match(line) or _PLAIN_MARKER.match(line)
        if marker:
            name = _fold(marker.group(1)).replace(" ", "")
            value = marker.group(2).strip()
            if current is None:
                problems.append(ImportProblem(number, msg("exam.import.error.outside")))
                continue
            if name in _ANSWER_MARKERS:
                if current.answer_text is not None:
                    problems.append(ImportProblem(number, msg("exam.import.error.two_answers")))
                current.answer_text = value
                current.answer_line = number
                part = "answer"
                continue
            if name in _EXPLANATION_MARKERS:
                current.explanation = value
                part = "explanation"
                continue
            if name in _TOPIC_MARKERS:
                current.topic = value
                part = "meta"
                continue
            if name in _DIFFICULTY_MARKERS:
                level = DIFFICULTY_WORDS.get(_fold(value).upper().strip())
                if level is None:
                    problems.append(
                        ImportProblem(number, msg("exam.import.error.difficulty", value=value))
                    )
                else:
                    current.difficulty = level
                part = "meta"
                continue
            if name in _KIND_MARKERS:
                kind = KIND_WORDS.get(_fold(value).upper().replace(" ", ""))
                if kind is None:
                    problems.append(
                        ImportProblem(number, msg("exam.import.error.kind", value=value))
                    )
                else:
                    current.kind_hint = kind
                part = "meta"
                continue
            if name in ("备用", "保留"):
                current.reserved = True
                part = "meta"
                continue
            # an unknown 【…】 tag is ordinary text (stems sometimes hold 【】)

        start = _QUESTION_START.match(line)
        if start:
            rest = start.group(3).strip()
            # "3.5%的…" is a stem line, not question 3: a decimal point, not a numbering dot
            if not (start.group(2) in ".．" and rest[:1].isdigit()):
                if current is not None:
                    questions.append(current)
                current = ParsedQuestion(line=number, stem=rest, kind_hint=section_kind)
                part = "stem"
                continue

        if current is None or part in ("answer", "meta", "explanation"):
            section = _SECTION.match(line)
            if section:
                heading = _fold(section.group(1)).replace(" ", "").upper()
                section_kind = next(
                    (kind for word, kind in KIND_WORDS.items() if word in heading), None
                )
                if current is not None:
                    questions.append(current)
                    current = None
                part = "stem"
                continue

        option = _OPTION_PAREN.match(line) or _OPTION_MARK.match(line)
        if option and current is not None and part in ("stem", "options"):
            letter = _fold(option.group(1)).upper()
            for each_letter, each_text in _split_inline_options(letter, option.group(2)):
                expected = LETTERS[len(current.options)] if len(current.options) < 8 else None
                if each_letter != expected:
                    problems.append(
                        ImportProblem(
                            number,
                            msg(
                                "exam.import.error.option_order",
                                letter=each_letter,
                                expected=expected or "-",
                            ),
                        )
                    )
                    continue
                current.options.append(each_text.strip())
                current.option_lines.append(number)
            part = "options"
            continue

        if current is None:
            # titles and notes before the first question are not questions
            continue
        if part == "stem":
            current.stem = f"{current.stem}\n{line}" if current.stem else line
        elif part == "options":
            current.options[-1] = f"{current.options[-1]} {line}".strip()
        elif part == "explanation":
            current.explanation = f"{current.explanation}\n{line}".strip()
        else:
            problems.append(
                ImportProblem(number, msg("exam.import.error.stray_text", text=folded[:30]))
            )
    if current is not None:
        questions.append(current)
    return questions, problems


def check_parsed(
    parsed: list[ParsedQuestion], existing: dict[str, Question] | None = None
) -> list[ImportProblem]:
    """Decide each question's type and answer; report what cannot be imported.

    ``existing`` maps normalised stems of the bank to its questions (duplicates of those are
    reported too)."""
    problems: list[ImportProblem] = []
    seen: dict[str, int] = {}
    existing = existing or {}
    for question in parsed:
        line = question.line
        if not question.stem.strip():
            problems.append(ImportProblem(line, msg("exam.import.error.no_stem")))
        for index, text in enumerate(question.options):
            if not text.strip():
                problems.append(
                    ImportProblem(
                        question.option_lines[index]
                        if index < len(question.option_lines)
                        else line,
                        msg("exam.import.error.empty_option", letter=LETTERS[index]),
                    )
                )
        answer_text = (question.answer_text or "").strip()
        answer_line = question.answer_line or line
        if not answer_text:
            problems.append(ImportProblem(line, msg("exam.import.error.no_answer")))
        else:
            truefalse = normalise_answer("truefalse", answer_text)
            hint = question.kind_hint
            if truefalse is not None and (not question.options or hint == "truefalse"):
                if question.options:
                    problems.append(
                        ImportProblem(answer_line, msg("exam.import.error.truefalse_options"))
                    )
                question.kind, question.answer = "truefalse", truefalse
            elif not question.options:
                if normalise_answer("multiple", answer_text) is not None:
                    problems.append(ImportProblem(line, msg("exam.import.error.no_options")))
                else:
                    problems.append(
                        ImportProblem(
                            answer_line, msg("exam.import.error.bad_answer", answer=answer_text)
                        )
                    )
            else:
                letters = normalise_answer("multiple", answer_text)
                if letters is None:
                    problems.append(
                        ImportProblem(
                            answer_line, msg("exam.import.error.bad_answer", answer=answer_text)
                        )
                    )
                elif any(LETTERS.index(ch) >= len(question.options) for ch in letters):
                    problems.append(
                        ImportProblem(
                            answer_line,
                            msg(
                                "exam.import.error.letter_not_option",
                                answer=answer_text,
                                letters=LETTERS[: len(question.options)],
                            ),
                        )
                    )
                else:
                    if hint == "single" and len(letters) > 1:
                        problems.append(
                            ImportProblem(
                                answer_line, msg("exam.import.error.single_many", answer=letters)
                            )
                        )
                    question.kind = (
                        "multiple" if (hint == "multiple" or len(letters) > 1) else "single"
                    )
                    question.answer = letters
                if len(question.options) < 2:
                    problems.append(ImportProblem(line, msg("exam.import.error.few_options")))
        key = stem_key(question.stem)
        if key:
            if key in seen:
                problems.append(
                    ImportProblem(line, msg("exam.import.error.duplicate", first=seen[key]))
                )
            else:
                seen[key] = line
            if key in existing:
                problems.append(ImportProblem(line, msg("exam.import.error.in_bank")))
    problems.sort(key=lambda p: p.line)
    return problems


def _bank_keys(db: Database | None) -> dict[str, Question]:
    if db is None:
        return {}
    return {stem_key(q.stem): q for q in list_questions(db)}


def preview_text(text: str, source: str = "", db: Database | None = None) -> QuestionPreview:
    parsed, problems = parse_question_text(text)
    problems += check_parsed(parsed, _bank_keys(db))
    if not parsed and not problems:
        problems.append(ImportProblem(0, msg("exam.import.error.no_questions")))
    problems.sort(key=lambda p: p.line)
    return QuestionPreview(source, parsed, problems)


# -- spreadsheets

SHEET_ALIASES = {
    "kind": ("题型", "类型", "type", "kind"),
    "stem": ("题干", "题目", "试题", "stem", "question"),
    "answer": ("答案", "正确答案", "answer"),
    "explanation": ("解析", "答案解析", "explanation"),
    "topic": ("知识点", "主题", "分类", "topic"),
    "difficulty": ("难度", "difficulty"),
    "reserved": ("备用", "reserved"),
    **{
        f"option_{letter}": (
            letter,
            f"选项{letter}",
            f"选项 {letter}",
            f"option {letter}",
            f"option_{letter}",
            f"option{letter}",
        )
        for letter in LETTERS
    },
}
EXPORT_HEADERS = [
    "题型",
    "题干",
    *[f"选项{letter}" for letter in LETTERS],
    "答案",
    "解析",
    "知识点",
    "难度",
    "备用",
]
KIND_EXPORT = {"single": "单选", "multiple": "多选", "truefalse": "判断"}
DIFFICULTY_EXPORT = {1: "易", 2: "中", 3: "难"}
_YES = {"1", "是", "Y", "YES", "TRUE", "备用", "√"}


def preview_sheet(path: str | Path, db: Database | None = None) -> QuestionPreview:
    """Questions from a CSV/XLSX table (one row a question); raises ``TableError`` for a file
    that cannot be read at all."""
    path = Path(path)
    table = read_table(path, SHEET_ALIASES, required=("stem", "answer"))
    parsed: list[ParsedQuestion] = []
    problems: list[ImportProblem] = []
    for row in table.rows:
        cells = row.cells
        options = [cells.get(f"option_{letter}", "") for letter in LETTERS]
        while options and not options[-1]:
            options.pop()
        question = ParsedQuestion(
            line=row.number,
            stem=cells.get("stem", ""),
            options=options,
            option_lines=[row.number] * len(options),
            answer_text=cells.get("answer", ""),
            answer_line=row.number,
            explanation=cells.get("explanation", ""),
            topic=cells.get("topic", ""),
            reserved=cells.get("reserved", "").upper() in _YES,
        )
        kind_text = cells.get("kind", "")
        if kind_text:
            kind = KIND_WORDS.get(_fold(kind_text).upper().replace(" ", ""))
            if kind is None:
                problems.append(
                    ImportProblem(row.number, msg("exam.import.error.kind", value=kind_text))
                )
            question.kind_hint = kind
        difficulty_text = cells.get("difficulty", "")
        if difficulty_text:
            level = DIFFICULTY_WORDS.get(_fold(difficulty_text).upper())
            if level is None:
                problems.append(
                    ImportProblem(
                        row.number, msg("exam.import.error.difficulty", value=difficulty_text)
                    )
                )
            else:
                question.difficulty = level
        parsed.append(question)
    problems += check_parsed(parsed, _bank_keys(db))
    if not parsed and not problems:
        problems.append(ImportProblem(0, msg("exam.import.error.no_questions")))
    problems.sort(key=lambda p: p.line)
    return QuestionPreview(path.name, parsed, problems, row_word="row")


def preview_file(path: str | Path, db: Database | None = None) -> QuestionPreview:
    """A preview of importing ``path``: .txt in the §4.2 format, .csv/.xlsx as a table."""
    from outreach.spreadsheets import TableError

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".xlsx", ".xlsm"):
        return preview_sheet(path, db)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise TableError(
            msg("table.error.unreadable", file=str(path), detail=os_reason(exc))
        ) from exc
    if size > MAX_TEXT_BYTES:
        raise TableError(
            msg(
                "table.error.too_big",
                file=path.name,
                size_mb=round(size / 2**20, 1),
                limit_mb=MAX_TEXT_BYTES // 2**20,
            )
        )
    data = path.read_bytes()
    if not data.strip():
        raise TableError(msg("table.error.empty", file=path.name))
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError(msg("table.error.binary", file=path.name))
    _refuse_unknown_encoding(data, path)
    return preview_text(decode_text(data), path.name, db)


def _refuse_unknown_encoding(data: bytes, path: Path) -> None:
    """A file that is neither UTF-8/16 nor GB18030 is named as such, not read as garbage."""
    from outreach.spreadsheets import TableError

    encodings = (
        ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "gb18030")
    )
    for encoding in encodings:
        try:
            data.decode(encoding)
            return
        except UnicodeDecodeError:
            continue
    raise TableError(msg("table.error.encoding", file=path.name))


def as_questions(preview: QuestionPreview, source: str = "") -> list[Question]:
    return [
        Question(
            id="",
            kind=p.kind,
            stem=p.stem.strip(),
            options=[o.strip() for o in p.options] if p.kind != "truefalse" else [],
            answer=p.answer,
            explanation=p.explanation.strip(),
            topic=p.topic.strip(),
            difficulty=p.difficulty,
            reserved=p.reserved,
            source=source or preview.source,
        )
        for p in preview.questions
    ]


def import_preview(db: Database, preview: QuestionPreview) -> list[Question]:
    """Create the questions of a clean preview in one transaction (all or nothing)."""
    if not preview.ok:
        raise ValueError("the preview has problems; nothing to import")
    from outreach.exam.questions import record_usage

    with db.atomic():
        added = add_questions(db, as_questions(preview))
        for question in added:
            if question.reserved:
                record_usage(db, question.id, "tiebreak", "", "")
    return added


def export_questions(db: Database, path: str | Path) -> int:
    rows = []
    for q in list_questions(db):
        options = [*q.options, *[""] * (len(LETTERS) - len(q.options))]
        rows.append(
            [
                KIND_EXPORT[q.kind],
                q.stem,
                *options,
                q.answer,
                q.explanation,
                q.topic,
                DIFFICULTY_EXPORT[q.difficulty],
                "是" if q.reserved else "",
            ]
        )
    return write_table(path, EXPORT_HEADERS, rows)
