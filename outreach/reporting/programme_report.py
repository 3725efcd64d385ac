"""The programme report (活动总结): events held, residents reached, flyers handed out,
competition results and winners, budget against actual, with charts.

Each section asks its concept for figures through that concept's own functions (imported here,
inside the section, so that the report builds whatever has landed) and says plainly when a
concept has no figures to give.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from outreach.i18n import DEFAULT_PRINT_LANGUAGE, tr_in
from outreach.printing.documents import Styles, build_pdf, styles
from outreach.printing.fonts import register_bundled_fonts

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass
class ReportContext:
    db: Database
    language: str
    styles: Styles
    today: dt.date

    def t(self, key: str, /, **params) -> str:
        return tr_in(self.language, key, **params)

    def para(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(_escape(text), getattr(self.styles, style))

    def unavailable(self, what_key: str) -> list[Flowable]:
        return [self.para(self.t("report.not_available", what=self.t(what_key)), "small")]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def table(ctx: ReportContext, header: list[str], rows: list[list[str]], widths=None) -> Table:
    fonts = register_bundled_fonts()
    data = [[ctx.para(h, "cell") for h in header]] + [
        [ctx.para(str(c), "cell") for c in row] for row in rows
    ]
    result = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    result.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1e4e2")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return result


def yuan(fen: int) -> str:
    return f"¥{fen / 100:,.2f}"


Section = Callable[[ReportContext], list[Flowable]]


def _overview(ctx: ReportContext) -> list[Flowable]:
    from outreach.demo import summary

    counts = summary(ctx.db)
    if not counts:
        return [ctx.para(ctx.t("report.overview.empty"))]
    rows = [[ctx.t(key), str(count)] for key, count in counts]
    return [
        table(
            ctx,
            [ctx.t("report.column.item"), ctx.t("report.column.count")],
            rows,
            [100 * mm, 40 * mm],
        )
    ]


def sections() -> list[tuple[str, Section]]:
    """(heading key, builder) in the report's order; concepts' sections live in sections.py."""
    from outreach.reporting import sections as concept_sections

    return [("report.section.overview", _overview), *concept_sections.SECTIONS]


def build_report(
    db: Database,
    target: str | Path,
    *,
    language: str = DEFAULT_PRINT_LANGUAGE,
    today: dt.date | None = None,
    programme_name: str = "",
) -> Path:
    ctx = ReportContext(db, language, styles(), today or dt.date.today())
    title = ctx.t("report.title")
    flowables: list[Flowable] = [
        ctx.para(title, "title"),
        ctx.para(
            ctx.t("report.subtitle", programme=programme_name, date=ctx.today.isoformat()),
            "small",
        ),
        Spacer(1, 4 * mm),
    ]
    for number, (heading_key, build) in enumerate(sections(), start=1):
        flowables.append(ctx.para(f"{number}. {ctx.t(heading_key)}", "heading"))
        flowables += build(ctx)
        flowables.append(Spacer(1, 3 * mm))
    return build_pdf(
        target,
        flowables,
        title=title,
        header=f"{programme_name} · {title}" if programme_name else title,
        language=language,
    )
