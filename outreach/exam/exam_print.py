"""Printed exam papers, answer sheets and answer keys (ReportLab, bundled CJK font).

One PDF holds every requested version: each version's paper (header with name, class and
student-number boxes, instructions, the questions in sections) followed by its one-page answer
sheet. The version letter and "page n of this version" are on every page. Keys go to a separate
PDF, one page per version, mapping each printed number back to the bank question.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from outreach.atomic_files import atomic_path
from outreach.exam.answers import format_key
from outreach.exam.exams import Exam
from outreach.exam.papers import Paper, PaperItem
from outreach.exam.questions import LETTERS
from outreach.i18n import DEFAULT_PRINT_LANGUAGE, tr_in
from outreach.printing.documents import font_table, styles
from outreach.printing.fonts import register_bundled_fonts

if TYPE_CHECKING:
    from sqlite_utils import Database

MARGIN = 18 * mm
STUDENT_NO_BOXES = 12  # at least; more when the roster has longer student numbers
STUDENT_NO_BOX = 7 * mm  # narrower only if the boxes would not fit the line
SECTION_NUMERALS = {
    "zh_CN": ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"],
    "en": ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"],
}
# Table cells pad 6 pt on each side by default.
CELL_PADDING = 12


class _VersionMark(Flowable):
    """Zero-size marker: from here on the pages belong to ``letter`` (for the page furniture)."""

    def __init__(self, state: dict, letter: str, part: str) -> None:
        super().__init__()
        self.state, self.letter, self.part = state, letter, part

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self) -> None:
        page = self.canv.getPageNumber()
        if self.state.get("letter") != self.letter:
            self.state["start"] = page
        self.state["letter"] = self.letter
        self.state["part"] = self.part


def _furniture(state: dict, title: str, language: str):
    fonts = register_bundled_fonts()

    def on_page_end(canvas, doc) -> None:
        letter = state.get("letter", "")
        page_in_version = canvas.getPageNumber() - state.get("start", 1) + 1
        width, height = A4
        canvas.saveState()
        canvas.setFont(fonts.regular, 8.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(MARGIN, height - 11 * mm, title)
        if letter:
            canvas.setFont(fonts.bold, 11)
            canvas.setFillColor(colors.black)
            canvas.drawRightString(
                width - MARGIN,
                height - 11 * mm,
                tr_in(language, "exam.print.version", letter=letter),
            )
            canvas.setFont(fonts.regular, 8.5)
            canvas.setFillColor(colors.HexColor("#555555"))
            canvas.drawCentredString(
                width / 2,
                10 * mm,
                tr_in(language, "exam.print.page_of_version", letter=letter, page=page_in_version),
            )
        canvas.restoreState()

    return on_page_end


def _document(tmp: Path, title: str, state: dict, language: str) -> BaseDocTemplate:
    doc = BaseDocTemplate(
        str(tmp),
        pagesize=A4,
        title=title,
        author="Outreach Desk",
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 2 * mm,
        bottomMargin=MARGIN,
        invariant=1,
        # Otherwise every page names an unembedded Helvetica as its starting font.
        initialFontName=register_bundled_fonts().regular,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates(
        [PageTemplate(id="page", frames=[frame], onPageEnd=_furniture(state, title, language))]
    )
    return doc


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    # A run of spaces is a gap the text means (between fill-in blanks); a Paragraph would
    # collapse it to one space, so it is kept as non-breaking spaces.
    markup = re.sub(
        "[ \u3000]{2,}", lambda run: "&nbsp;" * 2 * len(run.group()), escape(text)
    ).replace("\n", "<br/>")
    return Paragraph(markup, style)


def _label_style(style: ParagraphStyle, language: str) -> ParagraphStyle:
    """Printout labels in English wrap between words; CJK wrapping would break inside one."""
    if language == "zh_CN":
        return style
    return ParagraphStyle(f"{style.name}_words", parent=style, wordWrap=None)


def _kind_name(language: str, kind: str) -> str:
    return tr_in(language, f"exam.kind.{kind}")


def _numeral(index: int, language: str) -> str:
    numerals = SECTION_NUMERALS.get(language, SECTION_NUMERALS["en"])
    return numerals[index] if index < len(numerals) else str(index + 1)


def _column_width(texts: list[str], style: ParagraphStyle, minimum: float) -> float:
    """A column wide enough that none of ``texts`` wraps (English labels are longer than the
    two-character Chinese ones; a narrow cell would break them inside a word)."""
    widest = max((stringWidth(t, style.fontName, style.fontSize) for t in texts), default=0)
    return max(minimum, widest + CELL_PADDING + 1)


def student_no_boxes(db: Database) -> int:
    """Boxes for the longest student number in the roster (up to 20 characters are allowed),
    and never fewer than ``STUDENT_NO_BOXES``: a sheet with 12 boxes left a 20-character
    number nowhere to go."""
    (longest,) = db.execute("SELECT max(length(student_no)) FROM members").fetchone()
    return max(STUDENT_NO_BOXES, longest or 0)


def _identity_boxes(language: str, base: ParagraphStyle, count: int = STUDENT_NO_BOXES) -> Table:
    """姓名 ____ 班级 ____ 学号 [][][]… as a table the student fills in, with ``count``
    student-number boxes."""
    cell = ParagraphStyle("id", parent=base, fontSize=10.5, leading=14)
    name, class_, student_no = (
        tr_in(language, f"exam.print.{key}") for key in ("name", "class", "student_no")
    )
    first = _column_width([name, student_no], cell, 14 * mm)
    second = _column_width([class_], cell, 14 * mm)
    cell = _label_style(cell, language)
    labels = [_p(name, cell), "", _p(class_, cell), ""]
    top = font_table(
        [labels],
        colWidths=[first, 45 * mm, second, 60 * mm],
        rowHeights=[9 * mm],
        hAlign="LEFT",
    )
    top.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black),
                ("LINEBELOW", (3, 0), (3, 0), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    box = min(STUDENT_NO_BOX, (A4[0] - 2 * MARGIN - first) / count)
    boxes = font_table(
        [[_p(student_no, cell), *[""] * count]],
        colWidths=[first, *[box] * count],
        rowHeights=[8 * mm],
        hAlign="LEFT",
    )
    boxes.setStyle(
        TableStyle(
            [
                ("GRID", (1, 0), (-1, 0), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return font_table([[top], [boxes]], hAlign="LEFT", style=[("LEFTPADDING", (0, 0), (-1, -1), 0)])


def _paper_heading(
    exam: Exam, version: Paper, language: str, part_key: str, boxes: int = STUDENT_NO_BOXES
) -> list[Flowable]:
    st = styles()
    title = ParagraphStyle("paper_title", parent=st.title, fontSize=17, leading=24, spaceAfter=2)
    sub = ParagraphStyle("paper_sub", parent=st.body, alignment=TA_CENTER, fontSize=10)
    total = sum(0 if item.voided else exam.points_for(item.kind) for item in version.items)
    info = tr_in(
        language,
        "exam.print.info",
        date=exam.exam_date or "____",
        minutes=exam.duration_minutes,
        total=total,
        count=len(version.items),
    )
    return [
        _p(tr_in(language, part_key, name=exam.name, letter=version.letter), title),
        _p(info, sub),
        Spacer(1, 4 * mm),
        _identity_boxes(language, st.body, boxes),
        Spacer(1, 3 * mm),
    ]


def _section_heading(exam: Exam, index: int, kind: str, count: int, language: str) -> str:
    points = exam.points_for(kind)
    rule = ""
    if kind == "multiple":
        rule = tr_in(
            language,
            "exam.print.rule_partial"
            if exam.multiple_mode == "partial"
            else "exam.print.rule_exact",
            partial=exam.partial_points,
        )
    return tr_in(
        language,
        f"exam.print.section.{kind}",
        numeral=_numeral(index, language),
        count=count,
        points=points,
        total=points * count,
        rule=rule,
    )


def _options_block(item: PaperItem, body: ParagraphStyle, width: float) -> Flowable | None:
    if item.kind == "truefalse":
        return None
    fonts = register_bundled_fonts()
    texts = [f"{LETTERS[i]}. {text}" for i, text in enumerate(item.shown_options)]
    widest = max(stringWidth(t, fonts.regular, body.fontSize) for t in texts) + 6 * mm
    indent = 7 * mm
    usable = width - indent
    columns = 4 if widest * 4 <= usable else 2 if widest * 2 <= usable else 1
    cells = [_p(t, body) for t in texts]
    rows = [cells[i : i + columns] for i in range(0, len(cells), columns)]
    if rows and len(rows[-1]) < columns:
        rows[-1] += [""] * (columns - len(rows[-1]))
    table = font_table(rows, colWidths=[usable / columns] * columns, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return font_table(
        [["", table]],
        colWidths=[indent, usable],
        hAlign="LEFT",
        style=[("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)],
    )


def _answer_brackets(stem: str) -> str:
    """The brackets a true/false statement is answered in, unless it ends in its own: in the
    question's language (``（  ）`` after a Chinese statement, `` (  )`` after an English one),
    not the printout's, as the question prints as typed."""
    if re.search(r"[(（]\s*[)）][。.]?\s*$", stem):
        return ""
    return "（  ）" if re.search(r"[\u3400-\u9fff]", stem) else " (  )"


def paper_flowables(
    exam: Exam, version: Paper, state: dict, language: str, boxes: int = STUDENT_NO_BOXES
) -> list[Flowable]:
    st = styles(10.5)
    width = A4[0] - 2 * MARGIN
    stem_style = ParagraphStyle("stem", parent=st.body, leftIndent=7 * mm, firstLineIndent=-7 * mm)
    flow: list[Flowable] = [_VersionMark(state, version.letter, "paper")]
    flow += _paper_heading(exam, version, language, "exam.print.paper_title", boxes)
    instructions = exam.instructions.strip() or tr_in(language, "exam.print.instructions")
    flow.append(_p(instructions, st.small))
    for index, (kind, items) in enumerate(version.sections()):
        flow.append(CondPageBreak(30 * mm))
        flow.append(_p(_section_heading(exam, index, kind, len(items), language), st.heading))
        for item in items:
            stem = f"{item.number}. {item.question.stem}"
            if item.kind == "truefalse":
                stem += _answer_brackets(item.question.stem)
            parts: list[Flowable] = [_p(stem, stem_style)]
            options = _options_block(item, st.body, width)
            if options is not None:
                parts.append(options)
            parts.append(Spacer(1, 2 * mm))
            flow.append(KeepTogether(parts))
    return flow


def answer_sheet_flowables(
    exam: Exam, version: Paper, state: dict, language: str, boxes: int = STUDENT_NO_BOXES
) -> list[Flowable]:
    """One page: identity boxes and a grid of numbered answer boxes, 10 to a row."""
    st = styles(10.5)
    flow: list[Flowable] = [PageBreak(), _VersionMark(state, version.letter, "sheet")]
    flow += _paper_heading(exam, version, language, "exam.print.sheet_title", boxes)
    flow.append(_p(tr_in(language, "exam.print.sheet_instructions"), st.small))
    flow.append(Spacer(1, 3 * mm))
    number_style = ParagraphStyle("n", parent=st.small, alignment=TA_CENTER, textColor=colors.black)
    per_row = 10
    cell_width = (A4[0] - 2 * MARGIN) / per_row
    for index, (kind, items) in enumerate(version.sections()):
        flow.append(
            _p(
                tr_in(
                    language,
                    "exam.print.sheet_section_marks"
                    if kind == "truefalse"
                    else "exam.print.sheet_section",
                    numeral=_numeral(index, language),
                    kind=_kind_name(language, kind),
                    marks=tr_in(language, "exam.print.truefalse_marks"),
                ),
                st.body,
            )
        )
        rows = []
        for start in range(0, len(items), per_row):
            chunk = items[start : start + per_row]
            numbers = [_p(str(item.number), number_style) for item in chunk]
            numbers += [""] * (per_row - len(chunk))
            rows += [numbers, [""] * per_row]
        height = 9 * mm
        table = font_table(
            rows,
            colWidths=[cell_width] * per_row,
            rowHeights=[5 * mm, height] * (len(rows) // 2),
            hAlign="LEFT",
        )
        style = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        for r in range(0, len(rows), 2):
            filled = sum(1 for c in rows[r] if c != "")
            style += [
                ("BACKGROUND", (0, r), (filled - 1, r), colors.HexColor("#eeeeee")),
                ("GRID", (0, r), (filled - 1, r + 1), 0.6, colors.black),
            ]
        table.setStyle(TableStyle(style))
        flow += [table, Spacer(1, 3 * mm)]
    flow.append(Spacer(1, 4 * mm))
    flow.append(_p(tr_in(language, "exam.print.score_box"), st.body))
    return flow


def print_papers(
    target: str | Path,
    exam: Exam,
    versions: list[Paper],
    *,
    language: str = DEFAULT_PRINT_LANGUAGE,
    with_sheets: bool = True,
    student_no_boxes: int = STUDENT_NO_BOXES,
) -> Path:
    """Papers (and answer sheets) for the given versions in one PDF, written atomically;
    ``student_no_boxes`` as many as the roster's longest number needs (``student_no_boxes``)."""
    state: dict = {}
    title = tr_in(language, "exam.print.document_title", name=exam.name)
    flow: list[Flowable] = []
    for index, version in enumerate(versions):
        if index:
            flow.append(PageBreak())
        flow += paper_flowables(exam, version, state, language, student_no_boxes)
        if with_sheets:
            flow += answer_sheet_flowables(exam, version, state, language, student_no_boxes)
    target = Path(target)
    with atomic_path(target) as tmp:
        _document(tmp, title, state, language).build(flow)
    return target


def print_answer_keys(
    target: str | Path,
    exam: Exam,
    versions: list[Paper],
    *,
    language: str = DEFAULT_PRINT_LANGUAGE,
) -> Path:
    """For each version: number → answer, points, the exam position and bank stem; and the
    whole key as one answer string for checking typed sheets."""
    st = styles(9.5)
    state: dict = {}
    title = tr_in(language, "exam.print.keys_title", name=exam.name)
    cell = ParagraphStyle("cell", parent=st.cell, fontSize=8.5, leading=11)
    flow: list[Flowable] = []
    for index, version in enumerate(versions):
        if index:
            flow.append(PageBreak())
        flow.append(_VersionMark(state, version.letter, "key"))
        flow.append(
            _p(
                tr_in(language, "exam.print.key_heading", name=exam.name, letter=version.letter),
                st.title,
            )
        )
        flow.append(
            _p(tr_in(language, "exam.print.key_string", key=format_key(version.items)), st.body)
        )
        flow.append(Spacer(1, 3 * mm))
        labels = [
            tr_in(language, key)
            for key in (
                "exam.print.col.number",
                "exam.print.col.answer",
                "exam.print.col.points",
                "exam.print.col.position",
                "exam.print.col.question",
            )
        ]
        rows = [[_p(label, _label_style(cell, language)) for label in labels]]
        for item in version.items:
            answer = item.key
            if item.kind == "truefalse":
                answer = tr_in(
                    language, "exam.print.true" if item.key == "对" else "exam.print.false"
                )
            points = "—" if item.voided else str(exam.points_for(item.kind))
            bank = item.question.answer
            rows.append(
                [
                    _p(str(item.number), cell),
                    _p(answer, cell),
                    _p(points, cell),
                    _p(
                        tr_in(
                            language, "exam.print.position_bank", position=item.position, bank=bank
                        )
                        if item.kind != "truefalse"
                        else str(item.position),
                        cell,
                    ),
                    _p(item.question.stem, cell),
                ]
            )
        width = A4[0] - 2 * MARGIN
        # Each narrow column is as wide as its longest label word, so English headers wrap
        # between words; the question column takes the rest.
        narrow = [
            _column_width(label.split(), cell, minimum)
            for label, minimum in zip(labels, (12 * mm, 16 * mm, 12 * mm, 22 * mm), strict=False)
        ]
        table = font_table(
            rows,
            colWidths=[*narrow, width - sum(narrow)],
            repeatRows=1,
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        flow.append(table)
    target = Path(target)
    with atomic_path(target) as tmp:
        _document(tmp, title, state, language).build(flow)
    return target
