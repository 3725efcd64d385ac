"""Command line: ``export stock FILE``, ``export ledger FILE`` and ``print stock --out FILE``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from outreach.cli import EXIT_OK, CliContext, CliFailure
from outreach.i18n import msg, tr
from outreach.inventory.events_link import event_labels
from outreach.inventory.forecast import run_out_forecast, stock_status
from outreach.inventory.items import list_items
from outreach.inventory.ledger import all_movements, reversed_ids
from outreach.spreadsheets import write_table
from outreach.storage import Programme


def export_stock(programme: Programme, path: Path, today: dt.date | None = None) -> int:
    """One row per item: balance, status, forecast run-out and suggested reorder."""
    db = programme.db
    forecasts = {f.item.id: f for f in run_out_forecast(db, today or dt.date.today())}
    headers = [
        tr("inventory.column.name"),
        tr("inventory.column.kind"),
        tr("inventory.column.unit"),
        tr("inventory.column.balance"),
        tr("inventory.column.low_level"),
        tr("inventory.column.status"),
        tr("inventory.column.run_out"),
        tr("inventory.column.reorder"),
        tr("inventory.column.notes"),
    ]
    rows = []
    for item in list_items(db):
        forecast = forecasts[item.id]
        run_out = forecast.run_out_event
        rows.append(
            [
                item.name,
                tr(f"inventory.kind.{item.kind}"),
                item.unit,
                forecast.balance,
                item.low_stock_level,
                tr(f"inventory.status.{stock_status(forecast.balance, item.low_stock_level)}"),
                f"{run_out.date} {run_out.title}" if run_out else "",
                forecast.suggested_reorder,
                item.notes,
            ]
        )
    return write_table(path, headers, rows)


def export_ledger(programme: Programme, path: Path) -> int:
    """Every movement in recording order with the running balance of its item."""
    db = programme.db
    items = {item.id: item for item in list_items(db)}
    events = event_labels(db)
    reversed_ = reversed_ids(db)
    headers = [
        tr("inventory.column.date"),
        tr("inventory.column.name"),
        tr("inventory.column.movement"),
        tr("inventory.column.quantity"),
        tr("inventory.column.change"),
        tr("inventory.column.balance_after"),
        tr("inventory.column.event"),
        tr("inventory.column.reason"),
        tr("inventory.column.correction"),
        tr("inventory.column.id"),
        tr("inventory.column.recorded_at"),
    ]
    running: dict[str, int] = {}
    rows = []
    for movement in all_movements(db):
        running[movement.item_id] = running.get(movement.item_id, 0) + movement.delta
        event = events.get(movement.event_id) if movement.event_id else None
        if movement.reverses:
            correction = tr("inventory.history.reverses", id=movement.reverses[:8])
        elif movement.id in reversed_:
            correction = tr("inventory.history.reversed")
        else:
            correction = ""
        rows.append(
            [
                movement.date,
                items[movement.item_id].name,
                tr(f"inventory.movement.{movement.kind}"),
                movement.quantity,
                movement.delta,
                running[movement.item_id],
                event.label() if event else (movement.event_id or ""),
                movement.reason,
                correction,
                movement.id,
                movement.created_at,
            ]
        )
    return write_table(path, headers, rows)


def print_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="FILE.pdf")
    parser.add_argument("--today", metavar="YYYY-MM-DD", help=tr("inventory.cli.today_help"))


def today_option(args: argparse.Namespace) -> dt.date:
    if not getattr(args, "today", None):
        return dt.date.today()
    try:
        return dt.date.fromisoformat(args.today)
    except ValueError as exc:
        raise CliFailure([msg("inventory.error.date", date=args.today)]) from exc


def _run_print_stock(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.inventory.inventory_print import write_stock_report

    write_stock_report(
        ctx.programme(), Path(args.out), today=today_option(args), language=args.language
    )
    ctx.say(tr("inventory.cli.printed", file=args.out))
    return EXIT_OK


def register(registry) -> None:
    registry.exporter("stock", export_stock)
    registry.exporter("ledger", export_ledger)
    registry.printer("stock", tr("inventory.cli.print_help"), _run_print_stock, print_options)
