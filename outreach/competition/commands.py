"""Command-line access to registration: ``import roster``, ``export teams|members``,
``print roster`` and ``print registration-form`` (DESIGN.md §3)."""

from __future__ import annotations

import argparse
from pathlib import Path

from outreach.cli import EXIT_DATA, EXIT_OK, CliContext, CommandRegistry
from outreach.competition.roster_export import export_members, export_teams
from outreach.i18n import tr


def _configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=tr("competition.cli.import_file_help"))
    parser.add_argument("--dry-run", action="store_true", help=tr("competition.cli.dry_run_help"))


def _run_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.competition.roster_import import (
        RosterImportRefused,
        import_roster,
        plan_import,
    )

    programme = ctx.programme(create=True)
    path = Path(args.file)
    if args.dry_run:
        plan = plan_import(programme.db, path)
    else:
        try:
            result = import_roster(programme, path)
        except RosterImportRefused as refused:
            plan = refused.plan
        else:
            ctx.say(
                tr(
                    "competition.cli.imported",
                    teams=result.teams_created,
                    members=result.members_created,
                    file=str(path),
                )
            )
            return EXIT_OK
    if not plan.ok:
        for line in plan.problem_lines():
            ctx.problem(line)
        ctx.problem(tr("competition.cli.nothing_imported", count=len(plan.problems)))
        return EXIT_DATA
    ctx.say(
        tr(
            "competition.cli.dry_run_ok",
            teams=plan.new_teams,
            members=plan.new_members,
            file=str(path),
        )
    )
    for team in plan.teams:
        # "  启明队: 5" did not say 5 of what, nor whether the team is new
        kind = (
            tr("competition.cli.team_existing", count=team.existing_members)
            if team.existing_id
            else tr("competition.cli.team_new")
        )
        ctx.say(
            tr("competition.cli.dry_run_team", team=team.label, count=len(team.members), kind=kind)
        )
    return EXIT_OK


def _configure_print(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="FILE", required=True, help=tr("competition.cli.out_help"))


def _report_print(ctx: CliContext, result) -> int:
    if result.missing_glyphs:
        ctx.problem(tr("competition.print.missing_glyphs", chars=" ".join(result.missing_glyphs)))
    ctx.say(tr("competition.cli.printed", file=str(result.path), pages=result.pages))
    return EXIT_OK


def _run_print_roster(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.competition.roster_print import print_rosters

    return _report_print(ctx, print_rosters(ctx.programme().db, Path(args.out), args.language))


def _run_print_form(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.competition.roster_print import print_registration_form

    name = ctx.programme().name
    return _report_print(ctx, print_registration_form(Path(args.out), args.language, name))


def register(registry: CommandRegistry) -> None:
    registry.importer("roster", tr("competition.cli.import_help"), _run_import, _configure_import)
    registry.exporter("teams", export_teams)
    registry.exporter("members", export_members)
    registry.printer(
        "roster", tr("competition.cli.print_roster_help"), _run_print_roster, _configure_print
    )
    registry.printer(
        "registration-form",
        tr("competition.cli.print_form_help"),
        _run_print_form,
        _configure_print,
    )
