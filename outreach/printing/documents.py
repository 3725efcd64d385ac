"""Shared building blocks for handouts: CJK-wrapping paragraph styles and a document with a
header line and page numbers, written atomically. Printouts default to Chinese
(``DEFAULT_PRINT_LANGUAGE``) whatever the UI language; callers pass ``language`` to change it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, SimpleDocTemplate, Table

from outreach.atomic_files import atomic_path
from outreach.i18n import DEFAULT_PRINT_LANGUAGE, tr_in
from outreach.printing.fonts import register_bundled_fonts

# Room a section heading needs below it: itself, a table's header row and two rows.
HEADING_ROOM = 30 * mm


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle


def styles(base_size: float = 10.5) -> Styles:
    fonts = register_bundled_fonts()
    body = ParagraphStyle(
        "body",
        fontName=fonts.regular,
        fontSize=base_size,
        leading=base_size * 1.5,
        wordWrap="CJK",
    )
    return Styles(
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=fonts.bold,
            fontSize=base_size * 1.8,
            leading=base_size * 2.4,
            alignment=TA_CENTER,
            spaceAfter=base_size,
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=fonts.bold,
            fontSize=base_size * 1.25,
            leading=base_size * 1.8,
            spaceBefore=base_size * 0.6,
            spaceAfter=base_size * 0.3,
        ),
        body=body,
        small=ParagraphStyle(
            "small",
            parent=body,
            fontSize=base_size * 0.8,
            leading=base_size * 1.1,
            textColor=colors.HexColor("#555555"),
        ),
        cell=ParagraphStyle("cell", parent=body, leading=base_size * 1.3),
    )


def cell_maker(st: Styles, language: str) -> Callable[..., Paragraph]:
    """Table cells as escaped Paragraphs, optionally coloured. CJK wrapping breaks anywhere,
    which splits English words, so English cells wrap at spaces."""
    cell_style = (
        st.cell if language == "zh_CN" else ParagraphStyle("cell_en", st.cell, wordWrap=None)
    )

    def cell(text, colour: str | None = None) -> Paragraph:
        text = str(text).replace("&", "&amp;").replace("<", "&lt;")
        if colour:
            text = f'<font color="{colour}">{text}</font>'
        return Paragraph(text, cell_style)

    return cell


def fitted_row_heights(
    rows: Sequence[Sequence], widths: Sequence[float], minimum: float
) -> list[float]:
    """Each row at least ``minimum`` high (room to write or sign), or as high as its longest
    wrapped paragraph needs with the table's default padding: a fixed height let a long class
    or team name run over the rows around it."""
    heights = []
    for row in rows:
        needed = max(
            (
                cell.wrap(width - 12, 1000 * mm)[1] + 8
                for cell, width in zip(row, widths, strict=False)
                if isinstance(cell, Paragraph)
            ),
            default=0,
        )
        heights.append(max(minimum, needed))
    return heights


def font_table(data, **kwargs) -> Table:
    """A ``Table`` whose cell font is the bundled one. Even a table of Paragraphs sets its cell
    font on the canvas for every cell, and reportlab's default there is Helvetica, which the PDF
    then lists as a font it does not embed."""
    table = Table(data, **kwargs)
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), register_bundled_fonts().regular)])
    return table


def build_pdf(
    target: str | Path,
    flowables: Sequence[Flowable],
    *,
    title: str,
    header: str = "",
    pagesize: tuple[float, float] = A4,
    language: str = DEFAULT_PRINT_LANGUAGE,
    margins_mm: float = 18,
) -> Path:
    """Lay out ``flowables`` with a header line and "page N" footer; write atomically."""
    fonts = register_bundled_fonts()
    target = Path(target)

    def furniture(canvas, doc) -> None:
        canvas.saveState()
        width, height = pagesize
        canvas.setFont(fonts.regular, 8)
        canvas.setFillColor(colors.HexColor("#666666"))
        if header:
            canvas.drawString(margins_mm * mm, height - 10 * mm, header)
        canvas.drawRightString(
            width - margins_mm * mm, 10 * mm, tr_in(language, "print.page_number", page=doc.page)
        )
        canvas.restoreState()

    with atomic_path(target) as tmp:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=pagesize,
            title=title,
            author="Outreach Desk",
            leftMargin=margins_mm * mm,
            rightMargin=margins_mm * mm,
            topMargin=(margins_mm + 4) * mm,
            bottomMargin=(margins_mm + 2) * mm,
            invariant=1,
            # Otherwise every page names an unembedded Helvetica as its starting font.
            initialFontName=fonts.regular,
        )
        doc.build(
            list(_headings_keep_room(flowables)), onFirstPage=furniture, onLaterPages=furniture
        )
    return target


class _RoomForHeading(CondPageBreak):
    """Breaks the page when less than ``HEADING_ROOM`` is left; passes the space after the
    flowable before it on (reportlab's ``_SPACETRANSFER``), so the heading keeps the space
    above it that it had."""

    _SPACETRANSFER = True

    def __init__(self) -> None:
        super().__init__(HEADING_ROOM)


def _headings_keep_room(flowables: Sequence[Flowable]):
    """A section heading goes to the next page when too little room is left for it and the
    first rows of what it heads (the budget report's entries heading ended a page alone).
    Not ``keepWithNext``: that moves a whole long table instead of letting it split."""
    for flowable in flowables:
        if isinstance(flowable, Paragraph) and flowable.style.name == "heading":
            yield _RoomForHeading()
        yield flowable
