"""The concepts of the program, in dependency order (migrations apply in this order)."""

from __future__ import annotations

from functools import cache

from outreach.features import Feature


@cache
def all_features() -> tuple[Feature, ...]:
    from outreach.awards.feature import FEATURE as awards
    from outreach.budget.feature import FEATURE as budget
    from outreach.competition.feature import FEATURE as competition
    from outreach.core.feature import FEATURE as core
    from outreach.events.feature import FEATURE as events
    from outreach.exam.feature import FEATURE as exam
    from outreach.exchange.feature import FEATURE as exchange
    from outreach.final.feature import FEATURE as final
    from outreach.inventory.feature import FEATURE as inventory
    from outreach.reporting.feature import FEATURE as reporting

    # exchange and reporting own no user tables; they work across all the others.
    return (core, competition, exam, final, events, inventory, budget, awards, exchange, reporting)
