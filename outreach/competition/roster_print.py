"""Printouts for registration (Chinese by default): each class's team roster, one page per
class, with a signature column; and a blank registration form to hand out to classes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from outreach.competition.roster_export import role_text
from outreach.competition.rules import (
    MAX_ALTERNATES,
    STARTERS,
    TeamStatus,
    join_reasons,
    team_statuses,
)
from outreach.i18n import DEFAULT_PRINT_LANGUAGE, tr_in
from outreach.printing.documents import build_pdf, styles
from outreach.printing.fonts import font_covers, register_bundled_fonts

if TYPE_CHECKING:
    from sqlite_utils import Database

_HEADER_FILL = colors.HexColor("#E8EEF6")


@dataclass(frozen=True)
class PrintResult:
    path: Path
    pages: int
    # characters the font has no glyph for (the font doctor): printed as boxes otherwise
    missing_glyphs: list[str]


def _programme_name(db: Database) -> str:
    row = db.execute("SELECT value FROM programme_info WHERE key = 'name'").fetchone()
    return row[0] if row and row[0] else ""


def _grid(data: list[list], widths: list[float], header_rows: int = 1, row_heights=None) -> Table:
    fonts = register_bundled_fonts()
    table = Table(data, colWidths=widths, rowHeights=row_heights, repeatRows=header_rows)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.HexColor("#444444")),
        ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), _HEADER_FILL))
    table.setStyle(TableStyle(commands))
    return table


def _missing(texts: Iterable[str]) -> list[str]:
    fonts = register_bundled_fonts()
    return font_covers(fonts.regular, "".join(texts))


def print_rosters(
    db: Database, target: str | Path, language: str = DEFAULT_PRINT_LANGUAGE
) -> PrintResult:
    """One page per class with each of its teams' rosters and a signature column."""
    st = styles()
    t = lambda key, **p: tr_in(language, key, **p)  # noqa: E731
    statuses = team_statuses(db)
    flowables = []
    texts: list[str] = []
    pages = 0
    width = 174 * mm
    for pages, (class_name, group) in enumerate(
        groupby(statuses, key=lambda s: s.team.class_name), start=1
    ):
        if pages > 1:
            flowables.append(PageBreak())
        flowables.append(Paragraph(t("competition.print.roster_title"), st.title))
        flowables.append(Paragraph(t("competition.print.class", class_name=class_name), st.heading))
        texts.append(class_name)
        for status in group:
            flowables += _team_block(status, st, language, width, texts)
    if not statuses:
        pages = 1
        flowables.append(Paragraph(t("competition.print.roster_title"), st.title))
        flowables.append(Paragraph(t("competition.print.no_teams"), st.body))
    name = _programme_name(db)
    path = build_pdf(
        target,
        flowables,
        title=t("competition.print.roster_title"),
        header=name,
        language=language,
    )
    return PrintResult(path, pages, _missing([*texts, name]))


def _team_block(status: TeamStatus, st, language: str, width: float, texts: list[str]) -> list:
    t = lambda key, **p: tr_in(language, key, **p)  # noqa: E731
    team = status.team
    texts.append(team.name)
    out = [
        Paragraph(
            t("competition.print.team", team=team.name or "—", size=len(status.members)), st.body
        )
    ]
    header = [
        t("competition.print.col_no"),
        t("competition.column.role"),
        t("competition.column.name"),
        t("competition.column.student_no"),
        t("competition.column.phone"),
        t("competition.print.col_signature"),
    ]
    data = [header]
    for number, member in enumerate(status.members, start=1):
        texts.append(member.name)
        data.append(
            [
                str(number),
                role_text(member.role, language),
                Paragraph(member.name, st.cell),
                member.student_no,
                member.phone or "",
                "",
            ]
        )
    widths = [12 * mm, 20 * mm, 38 * mm, 36 * mm, 34 * mm, width - 140 * mm]
    out.append(_grid(data, widths))
    if status.eligible:
        out.append(Paragraph(t("competition.print.eligible"), st.small))
    else:
        reasons = join_reasons(status.problems, language)
        warning = ParagraphStyle("warning", parent=st.small, textColor=colors.HexColor("#B00020"))
        out.append(Paragraph(t("competition.print.not_eligible", reasons=reasons), warning))
    if team.notes:
        out.append(Paragraph(team.notes, st.small))
        texts.append(team.notes)
    out.append(Spacer(1, 8 * mm))
    return out


def print_registration_form(
    target: str | Path, language: str = DEFAULT_PRINT_LANGUAGE, programme_name: str = ""
) -> PrintResult:
    """A blank form for a class to fill in: team, 4 starters (one captain) and 2 alternates."""
    st = styles()
    t = lambda key, **p: tr_in(language, key, **p)  # noqa: E731
    width = 174 * mm
    flowables = [
        Paragraph(t("competition.print.form_title"), st.title),
        Paragraph(t("competition.print.form_intro"), st.body),
        Spacer(1, 5 * mm),
    ]
    head = [
        [t("competition.column.class"), "", t("competition.column.team"), ""],
        [t("competition.print.form_contact"), "", t("competition.print.form_date"), ""],
    ]
    head_grid = _grid(
        head, [26 * mm, 61 * mm, 26 * mm, 61 * mm], header_rows=0, row_heights=[11 * mm] * 2
    )
    head_grid.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (0, -1), _HEADER_FILL),
                ("BACKGROUND", (2, 0), (2, -1), _HEADER_FILL),
            ]
        )
    )
    flowables.append(head_grid)
    flowables.append(Spacer(1, 5 * mm))
    header = [
        t("competition.print.col_no"),
        t("competition.column.role"),
        t("competition.column.name"),
        t("competition.column.student_no"),
        t("competition.column.phone"),
        t("competition.print.col_signature"),
    ]
    roles = ["captain"] + ["member"] * (STARTERS - 1) + ["alternate"] * MAX_ALTERNATES
    data = [header] + [
        [str(n), tr_in(language, f"competition.role.{role}"), "", "", "", ""]
        for n, role in enumerate(roles, start=1)
    ]
    grid = _grid(
        data,
        [12 * mm, 20 * mm, 38 * mm, 36 * mm, 34 * mm, width - 140 * mm],
        row_heights=[9 * mm] + [12 * mm] * len(roles),
    )
    flowables.append(grid)
    flowables.append(Spacer(1, 6 * mm))
    flowables.append(Paragraph(t("competition.print.form_rules_heading"), st.heading))
    for key in (
        "competition.print.form_rule_size",
        "competition.print.form_rule_captain",
        "competition.print.form_rule_student",
        "competition.print.form_rule_phone",
    ):
        flowables.append(Paragraph("• " + t(key), st.body))
    flowables.append(Spacer(1, 12 * mm))
    flowables.append(Paragraph(t("competition.print.form_sign"), st.body))
    path = build_pdf(
        target,
        flowables,
        title=t("competition.print.form_title"),
        header=programme_name,
        language=language,
    )
    return PrintResult(path, 1, _missing([programme_name]))
