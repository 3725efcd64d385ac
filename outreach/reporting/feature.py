"""The programme report: ``print report --out FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from outreach.features import Feature
from outreach.i18n import tr
from outreach.storage.migrations import MigrationSet

if TYPE_CHECKING:
    import argparse

MIGRATIONS = MigrationSet("reporting")


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="FILE", required=True)


def _run(args: argparse.Namespace, ctx) -> int:
    from outreach.reporting.programme_report import build_report

    programme = ctx.programme()
    build_report(
        programme.db, Path(args.out), language=args.language, programme_name=programme.name
    )
    ctx.say(tr("report.cli.done", file=args.out))
    return 0


def register_commands(registry) -> None:
    registry.printer("report", tr("report.cli.help"), _run, _configure)


FEATURE = Feature(name="reporting", migrations=MIGRATIONS, register_commands=register_commands)
