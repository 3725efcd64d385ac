"""Printed exam papers, answer sheets and answer keys (ReportLab, bundled CJK font).

One PDF holds every requested version: each version's paper (header with name, class and
student-number boxes, instructions, the questions in sections) followed by its one-page answer
sheet. The version letter and "page n of this version" are on every page. Keys go to a separate
PDF, one page per version, mapping each printed number back to the bank question.
"""

from __future__ import annotations

from pathlib import Path
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
from outreach.printing.documents import styles
from outreach.printing.fonts import register_bundled_fonts

MARGIN = 18 * mm
STUDENT_NO_BOXES = 12
SECTION_NUMERALS = "一二三四五六七八九十"


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
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates(
        [PageTemplate(id="page", frames=[frame], onPageEnd=_furniture(state, title, language))]
    )
    return doc


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _kind_name(language: str, kind: str) -> str:
    return tr_in(language, f"exam.kind.{kind}")


def _identity_boxes(language: str, base: ParagraphStyle) -> Table:
    """姓名 ____ 班级 ____ 学号 [][][]… as a table the student fills in."""
    cell = ParagraphStyle("id", parent=base, fontSize=10.5, leading=14)
    labels = [
        _p(tr_in(language, "exam.print.name"), cell),
        "",
        _p(tr_in(language, "exam.print.class"), cell),
        "",
    ]
    top = Table(
        [labels],
        colWidths=[14 * mm, 45 * mm, 14 * mm, 60 * mm],
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
    boxes = Table(
        [[_p(tr_in(language, "exam.print.student_no"), cell), *[""] * STUDENT_NO_BOXES]],
        colWidths=[14 * mm, *[7 * mm] * STUDENT_NO_BOXES],
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
    return Table([[top], [boxes]], hAlign="LEFT", style=[("LEFTPADDING", (0, 0), (-1, -1), 0)])


def _paper_heading(exam: Exam, version: Paper, language: str, part_key: str) -> list[Flowable]:
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
        _identity_boxes(language, st.body),
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
        numeral=SECTION_NUMERALS[index] if index < len(SECTION_NUMERALS) else str(index + 1),
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
    table = Table(rows, colWidths=[usable / columns] * columns, hAlign="LEFT")
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
    return Table(
        [["", table]],
        colWidths=[indent, usable],
        hAlign="LEFT",
        style=[("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)],
    )


def paper_flowables(exam: Exam, version: Paper, state: dict, language: str) -> list[Flowable]:
    st = styles(10.5)
    width = A4[0] - 2 * MARGIN
    stem_style = ParagraphStyle("stem", parent=st.body, leftIndent=7 * mm, firstLineIndent=-7 * mm)
    flow: list[Flowable] = [_VersionMark(state, version.letter, "paper")]
    flow += _paper_heading(exam, version, language, "exam.print.paper_title")
    instructions = exam.instructions.strip() or tr_in(language, "exam.print.instructions")
    flow.append(_p(instructions, st.small))
    for index, (kind, items) in enumerate(version.sections()):
        flow.append(CondPageBreak(30 * mm))
        flow.append(_p(_section_heading(exam, index, kind, len(items), language), st.heading))
        for item in items:
            stem = f"{item.number}. {item.question.stem}"
            if item.kind == "truefalse" and "（" not in item.question.stem[-4:]:
                stem += "（  ）"
            parts: list[Flowable] = [_p(stem, stem_style)]
            options = _options_block(item, st.body, width)
            if options is not None:
                parts.append(options)
            parts.append(Spacer(1, 2 * mm))
            flow.append(KeepTogether(parts))
    return flow


def answer_sheet_flowables(
    exam: Exam, version: Paper, state: dict, language: str
) -> list[Flowable]:
    """One page: identity boxes and a grid of numbered answer boxes, 10 to a row."""
    st = styles(10.5)
    flow: list[Flowable] = [PageBreak(), _VersionMark(state, version.letter, "sheet")]
    flow += _paper_heading(exam, version, language, "exam.print.sheet_title")
    flow.append(_p(tr_in(language, "exam.print.sheet_instructions"), st.small))
    flow.append(Spacer(1, 3 * mm))
    number_style = ParagraphStyle("n", parent=st.small, alignment=TA_CENTER, textColor=colors.black)
    per_row = 10
    cell_width = (A4[0] - 2 * MARGIN) / per_row
    for index, (kind, items) in enumerate(version.sections()):
        flow.append(
            _p(
                f"{SECTION_NUMERALS[index]}、{_kind_name(language, kind)}"
                + (
                    f"（{tr_in(language, 'exam.print.truefalse_marks')}）"
                    if kind == "truefalse"
                    else ""
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
        table = Table(
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
) -> Path:
    """Papers (and answer sheets) for the given versions in one PDF, written atomically."""
    state: dict = {}
    title = tr_in(language, "exam.print.document_title", name=exam.name)
    flow: list[Flowable] = []
    for index, version in enumerate(versions):
        if index:
            flow.append(PageBreak())
        flow += paper_flowables(exam, version, state, language)
        if with_sheets:
            flow += answer_sheet_flowables(exam, version, state, language)
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
        header = [
            _p(tr_in(language, key), cell)
            for key in (
                "exam.print.col.number",
                "exam.print.col.answer",
                "exam.print.col.points",
                "exam.print.col.position",
                "exam.print.col.question",
            )
        ]
        rows = [header]
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
                        f"{item.position}（{bank}）"
                        if item.kind != "truefalse"
                        else str(item.position),
                        cell,
                    ),
                    _p(item.question.stem, cell),
                ]
            )
        width = A4[0] - 2 * MARGIN
        table = Table(
            rows,
            colWidths=[12 * mm, 16 * mm, 12 * mm, 22 * mm, width - 62 * mm],
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
