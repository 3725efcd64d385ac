"""The stock report and reorder list (PDF): every item with its balance and status, what the
planned events will use, projected run-outs and how much to reorder, with a chart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from outreach.i18n import DEFAULT_PRINT_LANGUAGE, tr_in
from outreach.inventory.forecast import run_out_forecast, stock_status
from outreach.inventory.outcomes import material_label, pending_outcomes
from outreach.inventory.report_charts import bar_chart
from outreach.printing.documents import build_pdf, cell_maker, font_table, styles
from outreach.storage import Programme

STATUS_COLOURS = {"out": "#b00020", "low": "#b36b00", "ok": "#2e7d32"}


def grid(rows, widths, *, header_rows: int = 1, right_from: int | None = None) -> Table:
    table = font_table(rows, colWidths=widths, repeatRows=header_rows)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#e8eef7")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if right_from is not None:
        style.append(("ALIGN", (right_from, 0), (-1, -1), "RIGHT"))
    table.setStyle(TableStyle(style))
    return table


def write_stock_report(
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

    forecasts = sorted(run_out_forecast(db, today), key=lambda f: (f.item.kind, f.item.name))
    story = [
        Paragraph(t("inventory.report.title"), st.title),
        Paragraph(t("inventory.report.subtitle", programme=programme.name, date=today), st.small),
        Spacer(1, 4 * mm),
        Paragraph(t("inventory.report.items"), st.heading),
    ]
    rows = [
        [
            cell(t(key))
            for key in (
                "inventory.column.name",
                "inventory.column.kind",
                "inventory.column.balance",
                "inventory.column.low_level",
                "inventory.column.status",
                "inventory.column.expected",
                "inventory.column.run_out",
            )
        ]
    ]
    for f in forecasts:
        status = stock_status(f.balance, f.item.low_stock_level)
        run_out = f.run_out_event
        rows.append(
            [
                cell(f.item.name),
                cell(t(f"inventory.kind.{f.item.kind}")),
                cell(f"{f.balance} {f.item.unit}"),
                cell(f.item.low_stock_level),
                cell(t(f"inventory.status.{status}"), STATUS_COLOURS[status]),
                cell(f.total_expected),
                cell(f"{run_out.date} {run_out.title}" if run_out else "—"),
            ]
        )
    if len(rows) == 1:
        rows.append([cell(t("inventory.report.no_items"))] + [""] * 6)
    story.append(grid(rows, [42 * mm, 22 * mm, 17 * mm, 21 * mm, 14 * mm, 18 * mm, 40 * mm]))
    story.append(Spacer(1, 5 * mm))
    if forecasts:
        story.append(
            bar_chart(
                [f.item.name for f in forecasts],
                [[f.balance for f in forecasts], [f.total_expected for f in forecasts]],
                [t("inventory.column.balance"), t("inventory.report.expected_use")],
                title=t("inventory.report.chart_title"),
            )
        )
    story += [Spacer(1, 4 * mm), Paragraph(t("inventory.report.reorder"), st.heading)]
    reorder = [f for f in forecasts if f.suggested_reorder > 0]
    if reorder:
        rows = [
            [
                cell(t(key))
                for key in (
                    "inventory.column.name",
                    "inventory.column.balance",
                    "inventory.column.expected",
                    "inventory.column.low_level",
                    "inventory.column.reorder",
                    "inventory.column.run_out",
                )
            ]
        ]
        for f in sorted(reorder, key=lambda f: (f.run_out_date or "9999", f.item.name)):
            run_out = f.run_out_event
            rows.append(
                [
                    cell(f.item.name),
                    cell(f.balance),
                    cell(f.total_expected),
                    cell(f.item.low_stock_level),
                    cell(f"{f.suggested_reorder} {f.item.unit}"),
                    cell(f"{run_out.date} {run_out.title}" if run_out else "—"),
                ]
            )
        story.append(grid(rows, [44 * mm, 18 * mm, 20 * mm, 20 * mm, 24 * mm, 48 * mm]))
        story.append(Paragraph(t("inventory.report.reorder_rule"), st.small))
    else:
        story.append(Paragraph(t("inventory.report.no_reorder"), st.body))
    pending = pending_outcomes(db)
    if pending:
        story += [Spacer(1, 4 * mm), Paragraph(t("inventory.report.pending"), st.heading)]
        rows = [
            [
                cell(t("inventory.column.event")),
                cell(t("inventory.column.material")),
                cell(t("inventory.column.handed_out")),
                cell(t("inventory.column.posted")),
            ]
        ]
        for p in pending:
            rows.append(
                [
                    cell(f"{p.event_date} {p.event_title}"),
                    cell(material_label(p.material, language)),
                    cell(p.handed_out),
                    cell(p.posted),
                ]
            )
        story.append(grid(rows, [80 * mm, 30 * mm, 32 * mm, 32 * mm]))
    return build_pdf(
        target,
        story,
        title=t("inventory.report.title"),
        header=f"{programme.name} · {t('inventory.report.title')}",
        language=language,
    )
