"""The schedule as an iCalendar file that phone calendars import: one VEVENT per event with a
stable UID (re-importing updates rather than duplicates), local times in Asia/Shanghai with a
VTIMEZONE so that calendars without a time-zone database still place them right."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from icalendar import Calendar, Timezone, TimezoneStandard
from icalendar import Event as IcsEvent

from outreach import APP_NAME, __version__
from outreach.atomic_files import write_bytes_atomic
from outreach.events.partners import get_partner
from outreach.events.schedule import Event, event_history, list_events
from outreach.i18n import DEFAULT_PRINT_LANGUAGE, tr_in

if TYPE_CHECKING:
    from sqlite_utils import Database

TZID = "Asia/Shanghai"
UID_DOMAIN = "outreach-desk.local"
_ICS_STATUS = {
    "planned": "CONFIRMED",
    "postponed": "CONFIRMED",
    "done": "CONFIRMED",
    "cancelled": "CANCELLED",
}


def _timezone() -> Timezone:
    # China has no daylight saving time since 1991: one STANDARD component is the whole rule.
    zone = Timezone()
    zone.add("tzid", TZID)
    standard = TimezoneStandard()
    standard.add("dtstart", dt.datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", dt.timedelta(hours=8))
    standard.add("tzoffsetto", dt.timedelta(hours=8))
    standard.add("tzname", "CST")
    zone.add_component(standard)
    return zone


def event_uid(event: Event) -> str:
    return f"{event.id}@{UID_DOMAIN}"


def _description(db: Database, event: Event, language: str) -> str:
    lines = []
    if event.consultation_desk:
        lines.append(tr_in(language, "events.ics.consultation_desk"))
    for partner_id in event.partner_ids:
        partner = get_partner(db, partner_id)
        if partner:
            contact = " ".join(x for x in (partner.contact_name, partner.phone) if x)
            lines.append(f"{partner.name} {contact}".strip())
    if event.notes:
        lines.append(event.notes)
    return "\n".join(lines)


def build_calendar(db: Database, language: str = DEFAULT_PRINT_LANGUAGE) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", f"-//{APP_NAME}//{__version__}//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", tr_in(language, "events.ics.calendar_name"))
    calendar.add("x-wr-timezone", TZID)
    calendar.add_component(_timezone())
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for event in list_events(db):
        item = IcsEvent()
        item.add("uid", event_uid(event))
        item.add("dtstamp", stamp)
        item.add("dtstart", event.start, parameters={"TZID": TZID})
        item.add("dtend", event.end, parameters={"TZID": TZID})
        item.add("summary", event.title)
        location = " ".join(x for x in (event.community_name, event.venue) if x)
        if event.venue and event.community_name and event.venue == event.community_name:
            location = event.venue
        if location:
            item.add("location", location)
        description = _description(db, event, language)
        if description:
            item.add("description", description)
        item.add("status", _ICS_STATUS[event.status])
        # Each change (edit, postponement, cancellation) raises the sequence so phones update.
        item.add("sequence", max(0, len(event_history(db, event.id)) - 1))
        calendar.add_component(item)
    return calendar


def write_calendar(db: Database, path: str | Path, language: str = DEFAULT_PRINT_LANGUAGE) -> int:
    """Write the .ics atomically (its own words in ``language``); returns the number of
    events."""
    calendar = build_calendar(db, language)
    write_bytes_atomic(path, calendar.to_ical())
    return len(calendar.walk("VEVENT"))
