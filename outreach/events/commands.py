"""Command line of the outreach schedule: ``calendar``, ``export events`` and the handouts
(``print signin``, ``print schedule``, ``print duty`` (the volunteer duty roster),
``print runsheet``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from outreach.cli import EXIT_OK, CliContext, CliFailure, CliUsageError
from outreach.events.outcomes import get_outcome
from outreach.events.partners import get_partner
from outreach.events.schedule import find_event, list_events
from outreach.events.volunteers import (
    event_assignments,
    hours_number,
    list_volunteers,
    volunteer_hours,
)
from outreach.i18n import join_list, msg, tr
from outreach.spreadsheets import write_table
from outreach.storage import Programme

EXPORT_COLUMNS = [
    "events.column.id",
    "events.column.title",
    "events.column.date",
    "events.column.start",
    "events.column.end",
    "events.column.community",
    "events.column.venue",
    "events.column.consultation_desk",
    "events.column.status",
    "events.column.partners",
    "events.column.volunteers",
    "events.column.residents",
    "events.column.consultations",
    "events.column.flyers",
    "events.column.posters",
]


def export_events(programme: Programme, path: Path) -> int:
    db = programme.db
    rows = []
    for event in list_events(db):
        outcome = get_outcome(db, event.id)
        partners = [get_partner(db, pid) for pid in event.partner_ids]
        rows.append(
            [
                event.id,
                event.title,
                event.date,
                event.start_time,
                event.end_time,
                event.community_name,
                event.venue,
                tr("events.yes") if event.consultation_desk else tr("events.no"),
                tr(f"events.status.{event.status}"),
                join_list(p.name for p in partners if p),
                len(event_assignments(db, event.id)),
                outcome.residents_reached if outcome else "",
                outcome.consultations if outcome else "",
                outcome.materials.get("flyers", "") if outcome else "",
                outcome.materials.get("posters", "") if outcome else "",
            ]
        )
    return write_table(path, [tr(key) for key in EXPORT_COLUMNS], rows)


VOLUNTEER_COLUMNS = [
    "events.column.name",
    "events.column.class",
    "events.print.phone",
    "events.column.member",
    "events.column.events_served",
    "events.column.hours",
    "events.dialog.notes",
]


def export_volunteers(programme: Programme, path: Path) -> int:
    """Volunteers with events served and hours (events that took place), most hours first."""
    db = programme.db
    people = {v.id: v for v in list_volunteers(db)}
    rows = []
    for tally in volunteer_hours(db):
        person = people[tally.person_id]
        rows.append(
            [
                person.name,
                person.class_name,
                person.phone,
                tr("events.yes") if person.member_id else tr("events.no"),
                tally.events,
                hours_number(tally.hours),
                person.notes,
            ]
        )
    return write_table(path, [tr(key) for key in VOLUNTEER_COLUMNS], rows)


def _run_calendar(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.events.calendar_export import write_calendar

    if not args.out.lower().endswith(".ics"):
        raise CliUsageError([msg("events.error.ics_extension", file=args.out)])
    count = write_calendar(ctx.programme().db, Path(args.out))
    ctx.say(tr("events.cli.calendar_done", count=count, file=args.out))
    return EXIT_OK


def _event_or_fail(ctx: CliContext, reference: str):
    event = find_event(ctx.programme().db, reference)
    if event is None:
        raise CliFailure([msg("events.error.unknown_event", id=reference)])
    return event


def _run_print_signin(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.events.events_print import print_signin

    event = _event_or_fail(ctx, args.event)
    pages = print_signin(ctx.programme().db, event.id, Path(args.out), language=args.language)
    ctx.say(tr("events.cli.print_done", file=args.out, pages=pages))
    return EXIT_OK


def _run_print_schedule(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.events.events_print import print_schedule

    pages = print_schedule(
        ctx.programme().db, Path(args.out), month=args.month, language=args.language
    )
    ctx.say(tr("events.cli.print_done", file=args.out, pages=pages))
    return EXIT_OK


def _run_print_roster(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.events.events_print import print_roster

    pages = print_roster(
        ctx.programme().db, Path(args.out), month=args.month, language=args.language
    )
    ctx.say(tr("events.cli.print_done", file=args.out, pages=pages))
    return EXIT_OK


def _run_print_runsheet(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.events.events_print import print_runsheet

    event = _event_or_fail(ctx, args.event)
    pages = print_runsheet(ctx.programme().db, event.id, Path(args.out), language=args.language)
    ctx.say(tr("events.cli.print_done", file=args.out, pages=pages))
    return EXIT_OK


def _month(text: str) -> str:
    """``--month``: a real YYYY-MM ("2026-3" reads as 2026-03); "2026-13" printed an empty
    schedule titled 2026-13 and said it was done."""
    year, _, month = text.strip().partition("-")
    if not (len(year) == 4 and year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
        raise argparse.ArgumentTypeError(tr("events.error.month_option", value=text))
    return f"{year}-{int(month):02d}"


def _month_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", metavar="YYYY-MM", type=_month, help=tr("events.cli.month_help"))


def _out_options(parser: argparse.ArgumentParser, event: bool = False) -> None:
    if event:
        parser.add_argument(
            "--event", required=True, metavar="ID", help=tr("events.cli.event_help")
        )
    parser.add_argument("--out", required=True, metavar="FILE")


def register(registry) -> None:
    registry.exporter("events", export_events)
    registry.exporter("volunteers", export_volunteers)
    registry.command(
        "calendar",
        tr("events.cli.calendar_help"),
        _run_calendar,
        lambda p: p.add_argument("--out", required=True, metavar="FILE.ics"),
    )
    registry.printer(
        "signin",
        tr("events.cli.signin_help"),
        _run_print_signin,
        lambda p: _out_options(p, event=True),
    )
    registry.printer(
        "schedule",
        tr("events.cli.schedule_help"),
        _run_print_schedule,
        lambda p: (_out_options(p), _month_option(p)),
    )
    registry.printer(
        "duty",
        tr("events.cli.roster_help"),
        _run_print_roster,
        lambda p: (_out_options(p), _month_option(p)),
    )
    registry.printer(
        "runsheet",
        tr("events.cli.runsheet_help"),
        _run_print_runsheet,
        lambda p: _out_options(p, event=True),
    )
