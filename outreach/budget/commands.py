"""Command line: ``export budget FILE`` (the expense ledger) and ``print budget --out FILE``."""

from __future__ import annotations

import argparse
from decimal import Decimal
from pathlib import Path

from outreach.budget.categories import list_categories
from outreach.budget.ledger import actual_by_category, list_expenses, reversed_ids
from outreach.cli import EXIT_OK, CliContext
from outreach.i18n import current_language, tr
from outreach.inventory.commands import print_options, today_option
from outreach.inventory.events_link import event_labels
from outreach.spreadsheets import write_table
from outreach.storage import Programme


def yuan_value(fen: int) -> Decimal:
    """Exact yuan for spreadsheets (a number in XLSX, ``12.50`` in CSV)."""
    return Decimal(int(fen)).scaleb(-2)


def export_budget(programme: Programme, path: Path) -> int:
    """Every expense entry (reversals included) in recording order."""
    db = programme.db
    language = current_language()
    names = {c.code: c.name(language) for c in list_categories(db)}
    events = event_labels(db)
    reversed_ = reversed_ids(db)
    headers = [
        tr("budget.column.date"),
        tr("budget.column.category"),
        tr("budget.column.payee"),
        tr("budget.column.receipt"),
        tr("budget.column.event"),
        tr("budget.column.amount_yuan"),
        tr("budget.column.note"),
        tr("budget.column.source"),
        tr("budget.column.correction"),
        tr("budget.column.id"),
        tr("budget.column.recorded_at"),
    ]
    rows = []
    for entry in list_expenses(db):
        event = events.get(entry.event_id) if entry.event_id else None
        if entry.reverses:
            correction = tr("budget.history.reverses", id=entry.reverses[:8])
        elif entry.id in reversed_:
            correction = tr("budget.history.reversed")
        else:
            correction = ""
        rows.append(
            [
                entry.date,
                names.get(entry.category, entry.category),
                entry.payee,
                entry.receipt_no,
                event.label() if event else (entry.event_id or ""),
                yuan_value(entry.amount_fen),
                entry.note,
                entry.source,
                correction,
                entry.id,
                entry.created_at,
            ]
        )
    return write_table(path, headers, rows)


def export_budget_categories(programme: Programme, path: Path) -> int:
    """Budget against actual per category."""
    db = programme.db
    language = current_language()
    names = {c.code: c.name(language) for c in list_categories(db)}
    headers = [
        tr("budget.column.category"),
        tr("budget.column.planned_yuan"),
        tr("budget.column.actual_yuan"),
        tr("budget.column.remaining_yuan"),
        tr("budget.column.entries"),
    ]
    rows = [
        [
            names[t.code],
            yuan_value(t.planned_fen),
            yuan_value(t.actual_fen),
            yuan_value(t.remaining_fen),
            t.entries,
        ]
        for t in actual_by_category(db)
    ]
    return write_table(path, headers, rows)


def _run_print_budget(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.budget.budget_print import write_budget_report

    write_budget_report(
        ctx.programme(), Path(args.out), today=today_option(args), language=args.language
    )
    ctx.say(tr("inventory.cli.printed", file=args.out))
    return EXIT_OK


def register(registry) -> None:
    registry.printer("budget", tr("budget.cli.print_help"), _run_print_budget, print_options)
    registry.exporter("budget", export_budget)
    registry.exporter("budget-categories", export_budget_categories)
