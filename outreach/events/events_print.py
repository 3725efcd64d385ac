"""Event handouts (Chinese by default): the monthly schedule, the sign-in sheet, the volunteer
duty roster and the event run-sheet with the seed plan's 活动要求."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table, TableStyle

from outreach.events.checklists import event_checklist
from outreach.events.partners import get_partner
from outreach.events.schedule import Event, get_event, list_events
from outreach.events.volunteers import event_assignments
from outreach.i18n import DEFAULT_PRINT_LANGUAGE, tr_in
from outreach.printing.documents import build_pdf, cell_maker, styles
from outreach.printing.fonts import register_bundled_fonts

if TYPE_CHECKING:
    from sqlite_utils import Database

MARGIN_MM = 18
# build_pdf's frame: the page less the margins (header and footer live in the margins).
FRAME_HEIGHT_MM = 297 - (MARGIN_MM + 4) - (MARGIN_MM + 2)
SIGNIN_ROW_MM = 10
RUNSHEET_MARGIN_MM = 14
RUNSHEET_BODY_PT = 9.5
# Activity rules from the seed plan (七、活动要求及注意事项), one catalog key each.
RULE_KEYS = [f"events.print.rule{n}" for n in range(1, 6)]


def page_count(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def _weekday(language: str, day: str) -> str:
    return tr_in(language, f"events.weekday.{dt.date.fromisoformat(day).weekday()}")


def _grid(
    data,
    widths,
    header_rows: int = 1,
    font_size: float = 10,
    padding: float = 3,
    header_padding: float | None = None,
) -> Table:
    fonts = register_bundled_fonts()
    table = Table(data, colWidths=widths, repeatRows=header_rows)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
                ("FONTNAME", (0, 0), (-1, header_rows - 1), fonts.bold),
                ("FONTSIZE", (0, 0), (-1, -1), font_size),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#444444")),
                ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#e8eef5")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, header_rows), (-1, -1), padding),
                ("BOTTOMPADDING", (0, header_rows), (-1, -1), padding),
            ]
            + (
                []
                if header_padding is None
                else [
                    ("TOPPADDING", (0, 0), (-1, header_rows - 1), header_padding),
                    ("BOTTOMPADDING", (0, 0), (-1, header_rows - 1), header_padding),
                ]
            )
        )
    )
    return table


def _when(language: str, event: Event) -> str:
    return tr_in(
        language,
        "events.print.when",
        date=event.date,
        weekday=_weekday(language, event.date),
        start=event.start_time,
        end=event.end_time,
    )


def _place(event: Event) -> str:
    if event.venue and event.venue != event.community_name:
        return " · ".join(x for x in (event.community_name, event.venue) if x)
    return event.community_name or event.venue


def print_signin(
    db: Database, event_id: str, target: Path, language: str = DEFAULT_PRINT_LANGUAGE
) -> int:
    """One page: the event and date in the header, numbered rows for name, phone and signature
    filling the rest of the page."""
    event = get_event(db, event_id)
    sheet = styles()
    heading = [
        Paragraph(tr_in(language, "events.print.signin_title"), sheet.title),
        Paragraph(event.title, sheet.heading),
        Paragraph(f"{_when(language, event)}　{_place(event)}", sheet.body),
        Spacer(1, 4 * mm),
    ]
    heading_mm = 30
    rows = int((FRAME_HEIGHT_MM - heading_mm) // SIGNIN_ROW_MM) - 1
    data = [
        [
            tr_in(language, "events.print.number"),
            tr_in(language, "events.print.name"),
            tr_in(language, "events.print.phone"),
            tr_in(language, "events.print.signature"),
        ]
    ]
    data += [[str(n), "", "", ""] for n in range(1, rows + 1)]
    table = Table(
        data, colWidths=[14 * mm, 45 * mm, 50 * mm, 65 * mm], rowHeights=SIGNIN_ROW_MM * mm
    )
    fonts = register_bundled_fonts()
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
                ("FONTNAME", (0, 0), (-1, 0), fonts.bold),
                ("FONTSIZE", (0, 0), (-1, -1), 10.5),
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                ("ALIGN", (0, 0), (0, -1), "CENTER"),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    header = tr_in(language, "events.print.header", title=event.title, date=event.date)
    build_pdf(
        target,
        [*heading, table],
        title=tr_in(language, "events.print.signin_title"),
        header=header,
        language=language,
        margins_mm=MARGIN_MM,
    )
    return page_count(target)


def print_schedule(
    db: Database,
    target: Path,
    month: str | None = None,
    language: str = DEFAULT_PRINT_LANGUAGE,
) -> int:
    """The schedule (one month or all events), a table by date."""
    sheet = styles()
    events = list_events(db, month)
    title = (
        tr_in(language, "events.print.schedule_month_title", month=month)
        if month
        else tr_in(language, "events.print.schedule_title")
    )
    flowables = [Paragraph(title, sheet.title)]
    # Header labels wrap between words ("Consultation / desk") instead of running into the
    # next column.
    header_style = ParagraphStyle(
        "schedule_header",
        parent=sheet.cell,
        fontName=register_bundled_fonts().bold,
        fontSize=10,
        leading=12,
        wordWrap="CJK" if language == "zh_CN" else None,
    )
    data = [
        [
            Paragraph(tr_in(language, key), header_style)
            for key in (
                "events.column.date",
                "events.print.time",
                "events.column.title",
                "events.column.venue",
                "events.column.consultation_desk",
                "events.column.status",
            )
        ]
    ]
    for event in events:
        data.append(
            [
                Paragraph(f"{event.date}<br/>{_weekday(language, event.date)}", sheet.cell),
                f"{event.start_time}–{event.end_time}",
                Paragraph(event.title, sheet.cell),
                Paragraph(_place(event), sheet.cell),
                tr_in(language, "events.yes" if event.consultation_desk else "events.no"),
                tr_in(language, f"events.status.{event.status}"),
            ]
        )
    if not events:
        flowables.append(Paragraph(tr_in(language, "events.print.no_events"), sheet.body))
    else:
        # Wide enough for "09:00–11:30", "Consultation" and "Postponed" on one line.
        flowables.append(_grid(data, [24 * mm, 24 * mm, 42 * mm, 32 * mm, 28 * mm, 24 * mm]))
    flowables += [
        Spacer(1, 6 * mm),
        Paragraph(tr_in(language, "events.print.schedule_note"), sheet.small),
    ]
    build_pdf(
        target,
        flowables,
        title=title,
        header=tr_in(language, "events.print.brand"),
        language=language,
    )
    return page_count(target)


def print_roster(
    db: Database,
    target: Path,
    month: str | None = None,
    language: str = DEFAULT_PRINT_LANGUAGE,
    event_ids: list[str] | None = None,
) -> int:
    """Volunteer duty roster: per event, who does what, with phones and a sign-in column."""
    sheet = styles()
    events = [e for e in list_events(db, month) if e.status != "cancelled"]
    if event_ids is not None:
        events = [e for e in events if e.id in event_ids]
    title = (
        tr_in(language, "events.print.roster_month_title", month=month)
        if month
        else tr_in(language, "events.print.roster_title")
    )
    flowables = [Paragraph(title, sheet.title)]
    if not events:
        flowables.append(Paragraph(tr_in(language, "events.print.no_events"), sheet.body))
    for event in events:
        block = [
            Paragraph(event.title, sheet.heading),
            Paragraph(f"{_when(language, event)}　{_place(event)}", sheet.body),
            Spacer(1, 2 * mm),
        ]
        assignments = event_assignments(db, event.id)
        if assignments:
            data = [
                [
                    tr_in(language, "events.print.role"),
                    tr_in(language, "events.print.name"),
                    tr_in(language, "events.print.phone"),
                    tr_in(language, "events.print.arrived"),
                ]
            ]
            data += [
                [tr_in(language, f"events.role.{a.role}"), a.name, a.phone, ""] for a in assignments
            ]
            # Room to sign on arrival.
            block.append(_grid(data, [34 * mm, 40 * mm, 46 * mm, 54 * mm], padding=7))
        else:
            block.append(Paragraph(tr_in(language, "events.print.no_volunteers"), sheet.small))
        block.append(Spacer(1, 5 * mm))
        flowables.append(KeepTogether(block))
    build_pdf(
        target,
        flowables,
        title=title,
        header=tr_in(language, "events.print.brand"),
        language=language,
    )
    return page_count(target)


def timeline(event: Event, language: str = DEFAULT_PRINT_LANGUAGE) -> list[tuple[str, str]]:
    """The day of the event, from assembling at school to clearing up."""
    start, end = event.start, event.end

    def at(moment: dt.datetime) -> str:
        return moment.strftime("%H:%M")

    steps = [
        (start - dt.timedelta(minutes=60), "events.print.step_assemble"),
        (start - dt.timedelta(minutes=20), "events.print.step_setup"),
        (start, "events.print.step_start"),
    ]
    if event.consultation_desk:
        steps.append((start + dt.timedelta(minutes=10), "events.print.step_desk"))
    steps += [
        (end - dt.timedelta(minutes=20), "events.print.step_cleanup"),
        (end, "events.print.step_end"),
    ]
    return [(at(moment), tr_in(language, key)) for moment, key in steps]


def _runsheet_styles():
    """Tighter than the other handouts so a normal event fits one A4 page: 9.5 pt body text,
    headings close to their tables."""
    sheet = styles(RUNSHEET_BODY_PT)
    return replace(
        sheet,
        title=ParagraphStyle(
            "runsheet_title", parent=sheet.title, fontSize=16, leading=20, spaceAfter=2
        ),
        heading=ParagraphStyle(
            "runsheet_heading",
            parent=sheet.heading,
            fontSize=11,
            leading=14,
            spaceBefore=5,
            spaceAfter=2,
        ),
        body=ParagraphStyle("runsheet_body", parent=sheet.body, leading=RUNSHEET_BODY_PT * 1.35),
    )


def print_runsheet(
    db: Database, event_id: str, target: Path, language: str = DEFAULT_PRINT_LANGUAGE
) -> int:
    """Run-sheet: the event, timeline, crew, checklist, contacts and the activity rules. One
    page for a normal event; a long checklist or crew flows on, table headers repeated."""
    event = get_event(db, event_id)
    sheet = _runsheet_styles()
    cell = cell_maker(sheet, language)

    def grid(header: list[str], rows: list[list], widths: list[float]) -> Table:
        return _grid(
            [header, *rows], widths, font_size=RUNSHEET_BODY_PT, padding=2, header_padding=2
        )

    def heading(key: str) -> list:
        # A heading needs room for its table's header and a row or two below it, else it
        # starts the next page (a KeepTogether would push a whole long table over instead).
        return [
            CondPageBreak(14 * mm),
            Paragraph(tr_in(language, f"events.print.{key}"), sheet.heading),
        ]

    title = tr_in(language, "events.print.runsheet_title")
    when = [_when(language, event), _place(event)]
    if event.consultation_desk:
        when.append(tr_in(language, "events.ics.consultation_desk"))
    flowables = [
        Paragraph(title, sheet.title),
        Paragraph(event.title, sheet.heading),
        Paragraph(escape(_joined(language, when)), sheet.body),
        Paragraph(tr_in(language, "events.print.timeline"), sheet.heading),
        grid(
            [tr_in(language, "events.print.time"), tr_in(language, "events.print.step")],
            [[time, cell(text)] for time, text in timeline(event, language)],
            [24 * mm, 158 * mm],
        ),
    ]
    assignments = event_assignments(db, event.id)
    if assignments:
        flowables += heading("crew")
        flowables.append(
            grid(
                [tr_in(language, f"events.print.{k}") for k in ("role", "name", "phone")],
                [
                    [tr_in(language, f"events.role.{a.role}"), cell(a.name), a.phone]
                    for a in assignments
                ],
                [40 * mm, 64 * mm, 78 * mm],
            )
        )
    items = event_checklist(db, event.id)
    if items:
        flowables += heading("checklist")
        flowables.append(
            grid(
                [tr_in(language, f"events.print.{k}") for k in ("due", "task", "done")],
                [
                    [
                        tr_in(
                            language,
                            "events.print.due_before"
                            if i.days_before >= 0
                            else "events.print.due_after",
                            date=i.due_date,
                            days=abs(i.days_before),
                        ),
                        cell(i.title),
                        "✓" if i.done else "",
                    ]
                    for i in items
                ],
                [40 * mm, 124 * mm, 18 * mm],
            )
        )
    contacts = []
    for partner_id in dict.fromkeys([event.community_id, *event.partner_ids]):
        partner = get_partner(db, partner_id) if partner_id else None
        if partner:
            contacts.append(
                [
                    tr_in(language, f"events.partner_kind.{partner.kind}"),
                    cell(partner.name),
                    cell(partner.contact_name),
                    partner.phone,
                ]
            )
    if contacts:
        flowables += heading("contacts")
        flowables.append(
            grid(
                [
                    tr_in(language, f"events.print.{k}")
                    for k in ("kind", "organisation", "contact", "phone")
                ],
                contacts,
                [26 * mm, 80 * mm, 34 * mm, 42 * mm],
            )
        )
    rules = [Paragraph(tr_in(language, "events.print.rules"), sheet.heading)]
    rules += [
        Paragraph(f"{n}. {tr_in(language, key)}", sheet.body)
        for n, key in enumerate(RULE_KEYS, start=1)
    ]
    flowables.append(KeepTogether(rules))
    header = tr_in(language, "events.print.header", title=event.title, date=event.date)
    build_pdf(
        target,
        flowables,
        title=title,
        header=header,
        language=language,
        margins_mm=RUNSHEET_MARGIN_MM,
    )
    return page_count(target)


def _joined(language: str, parts: list[str]) -> str:
    """The event's when, where and desk on one line, separated as each language does."""
    return ("　" if language == "zh_CN" else " · ").join(p for p in parts if p)
