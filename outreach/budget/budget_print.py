"""The budget report (活动经费报告, PDF): budget against actual per category with a chart,
spending per event, and every expense entry (reversals shown, nothing hidden)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from outreach.budget.categories import list_categories
from outreach.budget.ledger import actual_by_category, budget_by_event, list_expenses, totals
from outreach.budget.money import format_fen
from outreach.i18n import DEFAULT_PRINT_LANGUAGE, join_phrases, tr_in
from outreach.inventory.events_link import event_labels
from outreach.inventory.inventory_print import grid
from outreach.inventory.report_charts import bar_chart
from outreach.printing.documents import build_pdf, cell_maker, styles
from outreach.storage import Programme


def used_percent(actual_fen: int, planned_fen: int) -> str:
    if planned_fen <= 0:
        return "—"
    return f"{actual_fen * 100 // planned_fen}%"


def write_budget_report(
    programme: Programme,
    target: str | Path,
    *,
    today: dt.date | None = None,
    language: str = DEFAULT_PRINT_LANGUAGE,
) -> Path:
    db = programme.db
    today = today or dt.date.today()
    st = styles(9.5)
    cell = cell_maker(st, language)

    def t(key: str, **params) -> str:
        return tr_in(language, key, **params)

    names = {c.code: c.name(language) for c in list_categories(db)}
    planned, actual = totals(db)
    story = [
        Paragraph(t("budget.report.title"), st.title),
        Paragraph(t("budget.report.subtitle", programme=programme.name, date=today), st.small),
        Spacer(1, 3 * mm),
        Paragraph(
            t(
                "budget.report.totals",
                planned=format_fen(planned),
                actual=format_fen(actual),
                remaining=format_fen(planned - actual),
            ),
            st.body,
        ),
        Paragraph(t("budget.report.by_category"), st.heading),
    ]
    by_category = actual_by_category(db)
    rows = [
        [
            cell(t(key))
            for key in (
                "budget.column.category",
                "budget.column.planned",
                "budget.column.actual",
                "budget.column.remaining",
                "budget.column.used",
                "budget.column.entries",
            )
        ]
    ]
    for total in by_category:
        over = total.remaining_fen < 0
        rows.append(
            [
                cell(names[total.code]),
                cell(format_fen(total.planned_fen)),
                cell(format_fen(total.actual_fen)),
                cell(format_fen(total.remaining_fen), "#b00020" if over else None),
                cell(used_percent(total.actual_fen, total.planned_fen)),
                cell(total.entries),
            ]
        )
    rows.append(
        [
            cell(t("budget.report.total")),
            cell(format_fen(planned)),
            cell(format_fen(actual)),
            cell(format_fen(planned - actual)),
            cell(used_percent(actual, planned)),
            cell(sum(x.entries for x in by_category)),
        ]
    )
    story.append(grid(rows, [36 * mm, 30 * mm, 30 * mm, 30 * mm, 20 * mm, 18 * mm]))
    story.append(Spacer(1, 4 * mm))
    story.append(
        bar_chart(
            [names[x.code] for x in by_category],
            [[x.planned_fen / 100 for x in by_category], [x.actual_fen / 100 for x in by_category]],
            [t("budget.column.planned"), t("budget.column.actual")],
            title=t("budget.report.chart_title"),
            value_label=lambda v: f"¥{v:,.0f}",
        )
    )
    story.append(Paragraph(t("budget.report.by_event"), st.heading))
    events = event_labels(db)
    per_event = budget_by_event(db)
    if per_event:
        rows = [
            [
                cell(t(key))
                for key in (
                    "budget.column.event",
                    "budget.column.planned",
                    "budget.column.actual",
                    "budget.column.remaining",
                    "budget.report.breakdown",
                )
            ]
        ]
        for row in per_event:
            event = events.get(row.event_id) if row.event_id else None
            label = event.label() if event else t("budget.report.no_event")
            breakdown = join_phrases(
                (
                    f"{names.get(code, code)} {format_fen(fen)}"
                    for code, fen in row.by_category.items()
                    if fen
                ),
                language,
            )
            over = row.planned_fen and row.remaining_fen < 0
            rows.append(
                [
                    cell(label),
                    cell(format_fen(row.planned_fen) if row.planned_fen else "—"),
                    cell(format_fen(row.actual_fen)),
                    cell(
                        format_fen(row.remaining_fen) if row.planned_fen else "—",
                        "#b00020" if over else None,
                    ),
                    cell(breakdown or "—"),
                ]
            )
        story.append(grid(rows, [50 * mm, 24 * mm, 24 * mm, 24 * mm, 52 * mm]))
    else:
        story.append(Paragraph(t("budget.report.no_expenses"), st.body))
    story.append(Paragraph(t("budget.report.entries"), st.heading))
    entries = list_expenses(db)
    if entries:
        rows = [
            [
                cell(t(key))
                for key in (
                    "budget.column.date",
                    "budget.column.category",
                    "budget.column.payee",
                    "budget.column.receipt",
                    "budget.column.amount",
                    "budget.column.note",
                )
            ]
        ]
        for entry in entries:
            note = entry.note
            if entry.reverses:
                note = t("budget.report.reversal_note", note=entry.note)
            elif entry.is_prize_payout:
                note = t("budget.report.award_note", note=entry.note)
            rows.append(
                [
                    cell(entry.date),
                    cell(names.get(entry.category, entry.category)),
                    cell(entry.payee),
                    cell(entry.receipt_no or "—"),
                    cell(format_fen(entry.amount_fen), "#b00020" if entry.amount_fen < 0 else None),
                    cell(note),
                ]
            )
        story.append(grid(rows, [23 * mm, 20 * mm, 31 * mm, 26 * mm, 22 * mm, 52 * mm]))
    else:
        story.append(Paragraph(t("budget.report.no_expenses"), st.body))
    return build_pdf(
        target,
        story,
        title=t("budget.report.title"),
        header=f"{programme.name} · {t('budget.report.title')}",
        language=language,
    )
