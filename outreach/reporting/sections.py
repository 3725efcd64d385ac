"""The report's sections per concept. Each imports its concept inside the function, so the
report builds with whichever concepts have landed and says which have no figures yet."""

from __future__ import annotations

from reportlab.platypus import Flowable

from outreach.reporting.programme_report import ReportContext


def events_section(ctx: ReportContext) -> list[Flowable]:
    return ctx.unavailable("report.what.events")


def flyers_section(ctx: ReportContext) -> list[Flowable]:
    return ctx.unavailable("report.what.inventory")


def competition_section(ctx: ReportContext) -> list[Flowable]:
    return ctx.unavailable("report.what.competition")


def winners_section(ctx: ReportContext) -> list[Flowable]:
    return ctx.unavailable("report.what.awards")


def budget_section(ctx: ReportContext) -> list[Flowable]:
    return ctx.unavailable("report.what.budget")


SECTIONS = [
    ("report.section.events", events_section),
    ("report.section.flyers", flyers_section),
    ("report.section.competition", competition_section),
    ("report.section.winners", winners_section),
    ("report.section.budget", budget_section),
]
