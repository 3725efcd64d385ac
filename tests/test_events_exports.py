"""What leaves the program: the .ics calendar (parsed back with icalendar), the handout PDFs
(read back with pypdfium2), the events export, and the command line."""

from __future__ import annotations

import csv
import datetime as dt

import pypdfium2
import pytest
from icalendar import Calendar

from outreach.cli import main
from outreach.events.calendar_export import build_calendar, write_calendar
from outreach.events.events_print import print_roster, print_runsheet, print_schedule, print_signin
from outreach.events.schedule import cancel_event, list_events, postpone_event
from outreach.storage import open_programme


def pdf_text(path) -> list[str]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def test_calendar_has_one_vevent_per_event_with_stable_uids_in_shanghai_time(demo_db, tmp_path):
    db = demo_db
    events = list_events(db)
    target = tmp_path / "schedule.ics"
    assert write_calendar(db, target) == len(events) == 6
    parsed = Calendar.from_ical(target.read_bytes())
    zones = parsed.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Asia/Shanghai"]
    vevents = parsed.walk("VEVENT")
    assert len(vevents) == 6
    first = vevents[0]
    assert str(first["UID"]) == f"{events[0].id}@outreach-desk.local"
    assert first["DTSTART"].params["TZID"] == "Asia/Shanghai"
    start = first.decoded("DTSTART")
    assert (start.replace(tzinfo=None), start.utcoffset()) == (
        events[0].start,
        dt.timedelta(hours=8),
    )
    assert str(first["SUMMARY"]) == events[0].title
    # The UID stays when the event moves; the sequence rises; a cancellation is published.
    postpone_event(db, events[4].id, "2030-01-05", reason="雨")
    cancel_event(db, events[5].id)
    again = {str(v["UID"]): v for v in build_calendar(db).walk("VEVENT")}
    moved = again[f"{events[4].id}@outreach-desk.local"]
    assert moved.decoded("DTSTART").date() == dt.date(2030, 1, 5)
    assert int(moved["SEQUENCE"]) > int(vevents[4]["SEQUENCE"])
    assert str(again[f"{events[5].id}@outreach-desk.local"]["STATUS"]) == "CANCELLED"


def test_signin_sheet_is_one_full_page_with_event_and_numbered_rows(demo_db, tmp_path):
    event = list_events(demo_db)[0]
    target = tmp_path / "signin.pdf"
    assert print_signin(demo_db, event.id, target) == 1
    (text,) = pdf_text(target)
    assert "活动签到表" in text and event.title in text and event.date in text
    for heading in ("序号", "姓名", "电话", "签名"):
        assert heading in text
    assert b"Helvetica" not in target.read_bytes()  # only the embedded CJK font
    numbers = [int(t) for t in text.split() if t.isdigit() and len(t) <= 2]
    assert max(numbers) >= 20  # rows fill the page


def test_schedule_roster_and_runsheet_read_back(demo_db, tmp_path):
    events = list_events(demo_db)
    schedule = tmp_path / "schedule.pdf"
    print_schedule(demo_db, schedule)
    text = "".join(pdf_text(schedule))
    assert "活动日程表" in text and all(e.date in text for e in events)
    month = events[0].date[:7]
    print_schedule(demo_db, schedule, month=month, language="en")
    text = " ".join("".join(pdf_text(schedule)).split())
    assert f"Schedule for {month}" in text and events[1].date not in text
    roster = tmp_path / "roster.pdf"
    print_roster(demo_db, roster)
    text = "".join(pdf_text(roster))
    assert "志愿者值班表" in text and "负责人" in text
    runsheet = tmp_path / "runsheet.pdf"
    print_runsheet(demo_db, events[-1].id, runsheet)
    text = "".join(pdf_text(runsheet)).replace("\r", "").replace("\n", "")
    for expected in (
        "活动流程",
        "准备清单",
        "联系人",
        "活动要求及注意事项",
        "遵守交通规则",
        "注意礼貌用语",
        "中国人寿保险股份有限公司城东支公司",
        "设计宣传资料",
    ):
        assert expected in text


def test_command_line_prints_exports_and_writes_the_calendar(tmp_path, capsys):
    path = tmp_path / "p.db"
    assert main(["--db", str(path), "demo"]) == 0
    programme = open_programme(path, backup_on_open=False)
    event_id = list_events(programme.db)[0].id
    programme.close()
    signin = tmp_path / "signin.pdf"
    assert (
        main(["--db", str(path), "print", "signin", "--event", event_id[:8], "--out", str(signin)])
        == 0
    )
    assert "签到表" in pdf_text(signin)[0]
    assert main(["--db", str(path), "print", "schedule", "--out", str(tmp_path / "s.pdf")]) == 0
    ics = tmp_path / "events.ics"
    assert main(["--db", str(path), "calendar", "--out", str(ics)]) == 0
    assert len(Calendar.from_ical(ics.read_bytes()).walk("VEVENT")) == 6
    exported = tmp_path / "events.csv"
    assert main(["--db", str(path), "export", "events", str(exported)]) == 0
    with open(exported, encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 7 and rows[1][0] == event_id
    assert main(["--db", str(path), "export", "events", str(tmp_path / "events.xlsx")]) == 0
    hours = tmp_path / "volunteers.csv"
    assert main(["--db", str(path), "export", "volunteers", str(hours)]) == 0
    with open(hours, encoding="utf-8-sig") as handle:
        people = list(csv.reader(handle))
    assert len(people) == 13 and people[0][5] in ("Hours", "时长（小时）")
    served = [float(row[5]) for row in people[1:]]
    assert served == sorted(served, reverse=True) and served[0] > 0
    # Whole hours read "5", not "5.0" (the people with none read "0").
    assert not [row[5] for row in people[1:] if row[5].endswith(".0")]
    assert "0" in [row[5] for row in people[1:]]
    workbook = tmp_path / "volunteers.xlsx"
    assert main(["--db", str(path), "export", "volunteers", str(workbook)]) == 0
    from openpyxl import load_workbook

    cells = [
        row[5] for row in load_workbook(workbook).active.iter_rows(min_row=2, values_only=True)
    ]
    assert all(isinstance(cell, int | float) for cell in cells)  # numbers stay numbers
    capsys.readouterr()
    # Bad input: exit 1, a clear message, no file.
    missing = tmp_path / "missing.pdf"
    assert (
        main(["--db", str(path), "print", "signin", "--event", "nope", "--out", str(missing)]) == 1
    )
    assert "nope" in capsys.readouterr().err and not missing.exists()
    assert main(["--db", str(path), "calendar", "--out", str(tmp_path / "x.txt")]) == 2
    assert main(["--db", str(path), "check"]) == 0


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_handout_uses_only_glyphs_the_font_has(demo_db, tmp_path, language):
    from outreach.i18n import catalog, tr_in
    from outreach.printing.fonts import font_covers, register_bundled_fonts

    fonts = register_bundled_fonts()
    texts = [tr_in(language, key) for key in catalog() if key.startswith("events.")]
    assert font_covers(fonts.regular, "".join(texts)) == []
