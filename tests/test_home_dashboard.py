"""Home: next events, due and overdue items, competition progress, latest backup; refreshed on
``data_changed``."""

from __future__ import annotations

import datetime as dt

import pytest

from outreach.reporting.dashboard import dashboard
from ui.app import make_application
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.settings import AppSettings


def test_dashboard_of_the_demo_programme(demo_db):
    board = dashboard(demo_db, None, dt.date.today())
    assert board.next_events, "the demo plans events ahead"
    assert all(line.when[:10] >= dt.date.today().isoformat() for line in board.next_events)
    assert board.due_items is not None
    assert any(line.urgent for line in board.due_items) or board.due_items == []
    progress = board.competition
    assert progress.teams > 0 and progress.members >= 4 * progress.teams
    assert progress.finals, "the demo has a final"
    assert board.latest_backup is None and board.backups_kept == 0


def test_overdue_items_are_urgent_and_named(demo_db):
    far_future = dt.date.today() + dt.timedelta(days=400)
    board = dashboard(demo_db, None, far_future)
    assert board.next_events == []
    overdue = [line for line in board.due_items if line.urgent]
    assert overdue and all("逾期" in line.text for line in overdue)


def make_window(qtbot, tmp_path):
    make_application([])
    context = AppContext(AppSettings(tmp_path / "settings.ini"))
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert window.open_demo(tmp_path / "demo.db")
    return window


def test_home_shows_the_dashboard_and_refreshes_on_data_changed(qtbot, tmp_path):
    from outreach.competition.editing import add_team

    window = make_window(qtbot, tmp_path)
    home = window.go_to("home")
    # A file's figures are read on a worker thread; the page says when they have arrived.
    qtbot.waitUntil(lambda: not home.reading)
    competition = home.boxes["competition"].text()
    assert "已报名 8 支队伍" in competition
    assert "决赛" in competition
    assert home.boxes["events"].text().count("<br>") >= 1
    assert "尚未完成" not in home.boxes["events"].text()
    add_team(window.context.db, "2025级精算1班", "新队")
    assert "已报名 8 支队伍" in home.boxes["competition"].text()  # not yet told
    window.context.notify("teams")
    qtbot.waitUntil(lambda: "已报名 9 支队伍" in home.boxes["competition"].text())
    window.context.programme.backup("periodic")
    window.context.notify("backup")
    qtbot.waitUntil(lambda: "定时" in home.backup_label.text())
    assert "共保留 1 份" in home.backup_label.text()


def test_changes_during_a_read_make_it_stale_and_one_more_read_follows(
    qtbot, tmp_path, monkeypatch
):
    from outreach.competition.editing import add_team
    from outreach.reporting import dashboard

    window = make_window(qtbot, tmp_path)
    home = window.go_to("home")
    qtbot.waitUntil(lambda: not home.reading)
    reads = []
    real = dashboard.home_figures_of_file

    def counted(path):
        reads.append(path)
        return real(path)

    monkeypatch.setattr(dashboard, "home_figures_of_file", counted)
    home.reload()
    assert home._in_flight
    for name in ("新队一", "新队二", "新队三"):  # data entry while the read runs
        add_team(window.context.db, "2025级精算1班", name)
        window.context.notify("teams")
    qtbot.waitUntil(lambda: not home.reading)
    assert len(reads) == 2, "one read running, one more for all the changes made meanwhile"
    assert "已报名 11 支队伍" in home.boxes["competition"].text()


def test_home_says_so_when_the_file_cannot_be_read(qtbot, tmp_path, monkeypatch):
    from outreach.reporting import dashboard

    window = make_window(qtbot, tmp_path)
    home = window.go_to("home")
    qtbot.waitUntil(lambda: not home.reading)

    def broken(_path):
        raise OSError("disk unplugged")

    monkeypatch.setattr(dashboard, "home_figures_of_file", broken)
    home.reload()
    qtbot.waitUntil(lambda: not home.reading)
    assert "disk unplugged" in home.boxes["events"].text()
    assert home.heading.text() == window.context.programme.name


def test_home_in_english(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    home = window.go_to("home")
    window.context.set_language("en")
    qtbot.waitUntil(lambda: "teams registered" in home.boxes["competition"].text())
    assert home.boxes["due"].parent().title() == "Due and overdue checklist items"


def test_hand_outs_not_yet_posted_to_stock_show_on_home(demo_db):
    from outreach.events.outcomes import Outcome, record_outcome
    from outreach.i18n import tr_in

    event_id, title, date = demo_db.execute(
        "SELECT id, title, date FROM events WHERE status != 'done' ORDER BY date LIMIT 1"
    ).fetchone()
    before = dashboard(demo_db, None, dt.date.today()).low_stock
    assert not [line for line in before if "尚未记入库存" in line.text]
    # No stock item is for "leaflets": the outcome is recorded, the ledger cannot take it.
    # Recorded on the day of the event (an outcome cannot be recorded before it).
    day = dt.date.fromisoformat(date)
    record_outcome(demo_db, Outcome(event_id, 25, 3, materials={"leaflets": 30}), today=day)
    after = dashboard(demo_db, None, dt.date.today()).low_stock
    (line,) = [line for line in after if "尚未记入库存" in line.text]
    assert line.urgent and title in line.text and "leaflets 30" in line.text
    assert tr_in("en", "home.stock.not_posted", event=title, material="leaflets", count=30)


def test_next_events_read_with_english_brackets_in_english(db):
    from outreach import i18n
    from outreach.events.schedule import EventDraft, create_event

    create_event(db, EventDraft("保险宣传", "2026-12-12", venue="文化广场"))
    day = dt.date(2026, 12, 1)
    i18n.set_language("en")
    assert [line.text for line in dashboard(db, None, day).next_events] == ["保险宣传 (文化广场)"]
    i18n.set_language("zh_CN")
    assert [line.text for line in dashboard(db, None, day).next_events] == ["保险宣传（文化广场）"]


@pytest.mark.parametrize(
    ("language", "name", "unit", "expected"),
    [
        ("zh_CN", "传单", "张", "传单：余 120 张（最低库存 200 张）"),
        ("en", "Flyers", "sheets", "Flyers: 120 sheets left (minimum 200 sheets)"),
    ],
)
def test_a_low_stock_line_says_the_balance_once(db, language, name, unit, expected):
    from outreach import i18n
    from outreach.inventory.items import add_item
    from outreach.inventory.ledger import record_movement
    from ui.pages.home import lines_html

    flyers = add_item(db, name=name, kind="flyers", unit=unit, low_stock_level=200)
    record_movement(db, item_id=flyers.id, kind="received", quantity=120, date="2026-11-01")
    i18n.set_language(language)
    [line] = dashboard(db, None, dt.date(2026, 12, 1)).low_stock
    assert (line.when, line.text) == ("", expected)
    shown = lines_html([line], "home.stock.none", "home.what.inventory")
    assert shown.count("120") == 1 and "<b>" not in shown
