"""The awards part of the demo programme: tiers are seeded by the migration; when the demo has
a final (or else exam results), its top teams' members get awards; volunteers with logged
hours get volunteer certificates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from outreach.awards.awards import (
    AwardsError,
    Band,
    default_final_bands,
    exam_candidates,
    final_candidates,
    grant,
    list_exams,
    list_finals,
    propose,
    tier_by_name,
    volunteer_candidates,
)
from outreach.features import DemoContext

if TYPE_CHECKING:
    from sqlite_utils import Database


def fill_demo(db: Database, ctx: DemoContext) -> None:
    proposals = []
    try:
        finals = list_finals(db)
        if finals:
            candidates = final_candidates(db, finals[0][0])
            proposals += propose(db, candidates, default_final_bands(db), "final", finals[0][0])
        else:
            exams = list_exams(db)
            if exams:
                candidates = exam_candidates(db, exams[0][0])
                bands = [
                    band
                    for band in default_final_bands(db)
                    if band.rank_to is not None and band.rank_to <= 6  # top six people only
                ]
                proposals += propose(db, candidates, bands, "exam", exams[0][0])
    except (AwardsError, LookupError, AttributeError, TypeError):
        proposals = []
    volunteer_tier = tier_by_name(db, "优秀志愿者")
    if volunteer_tier is not None:
        try:
            volunteers = volunteer_candidates(db, min_hours=4)
        except AwardsError:
            volunteers = []
        proposals += propose(db, volunteers[:8], [Band(volunteer_tier.id, 1, None)], "volunteer")
    if proposals:
        grant(db, proposals)
    ctx.shared["award_count"] = len(proposals)
