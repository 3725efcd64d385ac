"""Command line of the final: print the judges' scoresheets and the results sheet, show the
standings, export the score log."""

from __future__ import annotations

import argparse
from pathlib import Path

from outreach.cli import EXIT_DATA, EXIT_OK, CliContext, CommandRegistry
from outreach.final.finals import FinalError, find_final, list_finals
from outreach.final.log_export import export_log
from outreach.i18n import msg, tr


def _final_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--final", help=tr("final.cli.final_option"))
    parser.add_argument("--out", required=True, help=tr("final.cli.out_option"))


def _pick_final(ctx: CliContext, name: str | None):
    db = ctx.programme().db
    if name:
        return find_final(db, name)
    finals = list_finals(db)
    if not finals:
        # "Choose the final with --final: -" left a new organiser guessing
        raise FinalError(msg("final.error.no_finals"))
    if len(finals) != 1:
        raise FinalError(msg("final.error.choose_final", names=[f.name for f in finals]))
    return finals[0]


def _run_print(which: str):
    def run(args: argparse.Namespace, ctx: CliContext) -> int:
        from outreach.final.final_print import font_check, print_results, print_scoresheets

        try:
            final = _pick_final(ctx, args.final)
        except FinalError as error:
            ctx.problem(error.message)
            return EXIT_DATA
        printer = print_scoresheets if which == "scoresheet" else print_results
        db = ctx.programme().db
        path = printer(db, final.id, Path(args.out), language=args.language)
        ctx.say(tr("final.cli.written", path=str(path)))
        missing = font_check(db, final.id)
        if missing:
            ctx.missing_characters(tr("final.print.missing_glyphs", count=len(missing)), missing)
        return EXIT_OK

    return run


def _run_standings(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.final.standings import explain, final_standings

    try:
        final = _pick_final(ctx, args.final)
    except FinalError as error:
        ctx.problem(error.message)
        return EXIT_DATA
    for standing in final_standings(ctx.programme().db, final.id):
        ctx.say(f"{standing.rank}\t{standing.team_name}\t{standing.total}\t{explain(standing)}")
    return EXIT_OK


def _standings_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--final", help=tr("final.cli.final_option"))


def register(registry: CommandRegistry) -> None:
    registry.printer(
        "final-scoresheet",
        tr("final.cli.scoresheet_help"),
        _run_print("scoresheet"),
        _final_options,
    )
    registry.printer(
        "final-results", tr("final.cli.results_help"), _run_print("results"), _final_options
    )
    registry.command(
        "final-standings", tr("final.cli.standings_help"), _run_standings, _standings_options
    )
    registry.exporter("final-log", lambda programme, path: export_log(programme.db, path))
