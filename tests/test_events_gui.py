"""The Events page driven as a person would: dialogs filled in and accepted, tabs visited,
clashes shown, handouts written, language switched in place."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from outreach.events.checklists import event_checklist
from outreach.events.outcomes import get_outcome
from outreach.events.schedule import (
    EventDraft,
    create_event,
    event_history,
    get_event,
    list_events,
)
from outreach.events.volunteers import find_clashes, list_volunteers
from ui.app import make_application
from ui.context import AppContext
from ui.pages.events import EventsPage
from ui.settings import AppSettings


@pytest.fixture
def page(qtbot, tmp_path, demo_db, programme):
    make_application([])
    context = AppContext(AppSettings(tmp_path / "settings.ini"), programme)
    widget = EventsPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.notified = []
    context.data_changed.connect(widget.notified.append)
    return widget


def accept_after(fill):
    def run(dialog):
        fill(dialog)
        return QDialog.DialogCode.Accepted

    return run


def shown_titles(page):
    proxy = page.events_view.model()
    return [proxy.index(row, 3).data() for row in range(proxy.rowCount())]


def test_the_demo_events_show_in_the_list_and_the_calendar(page):
    assert len(shown_titles(page)) == 6
    first = page.events_model.rows()[0]
    page.select_event(first.id)
    assert page.current_event().id == first.id
    assert (page.calendar.grid.year, page.calendar.grid.month) == (first.day.year, first.day.month)
    assert first.title in page.details.text()
    page.calendar.grid.repaint()
    assert any(event_id == first.id for _, event_id in page.calendar.grid._chips)
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
    assert page.tabs.tabText(1) == "合作单位"
    assert page.partners_model.rowCount() == 5


def test_a_new_event_is_created_with_its_checklist(page):
    def fill(dialog):
        dialog.title_edit.setText("重阳节保险讲座")
        dialog.date_edit.setDate(QDate(2027, 10, 16))
        dialog.start_edit.setTime(QTime(14, 0))
        dialog.end_edit.setTime(QTime(16, 0))
        dialog.community_box.setCurrentIndex(1)

    page.run_dialog = accept_after(fill)
    page.new_button.click()
    event = page.current_event()
    assert event.title == "重阳节保险讲座" and event.date == "2027-10-16"
    assert event.venue == event.community_name != ""
    assert "重阳节保险讲座" in shown_titles(page)
    assert event_checklist(page.context.db, event.id)
    assert "events" in page.notified


def test_a_series_is_proposed_reviewed_and_saved(page):
    def fill(dialog):
        dialog.month_edit.setDate(QDate(2028, 3, 1))
        dialog.months_spin.setValue(4)
        assert dialog.propose()
        assert dialog.model.rowCount() == 4
        dialog.review.selectRow(3)
        dialog.drop_button.click()
        assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()

    page.run_dialog = accept_after(fill)
    page.series_button.click()
    dates = [e.date for e in list_events(page.context.db) if e.date.startswith("2028")]
    assert dates == ["2028-03-11", "2028-04-08", "2028-05-13"]


def test_booking_a_person_at_overlapping_events_names_the_clash(page):
    db = page.context.db
    target = page.events_model.rows()[-1]

    def make_overlap(dialog):
        dialog.title_edit.setText("临时加场")
        dialog.date_edit.setDate(QDate.fromString(target.date, "yyyy-MM-dd"))
        dialog.start_edit.setTime(QTime(10, 0))
        dialog.end_edit.setTime(QTime(12, 0))

    page.run_dialog = accept_after(make_overlap)
    page.new_button.click()
    extra = page.current_event()
    crew_member = next(a for a in page.events_model.rows() if a.id == target.id)
    from outreach.events.volunteers import event_assignments

    person = event_assignments(db, crew_member.id)[0]

    def book(dialog):
        dialog.person_box.setCurrentIndex(dialog.person_box.findData(person.volunteer_id))
        assert target.title in dialog.warning.text()
        dialog.add_button.click()
        assert target.title in dialog.model.index(0, 4).data()

    page.run_dialog = book
    page.select_event(extra.id)
    page.crew_button.click()
    assert [c.name for c in find_clashes(db)] == [person.name]
    page.select_event(extra.id)
    proxy = page.events_view.model()
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 3).data() == "临时加场")
    assert person.name in proxy.index(row, 8).data()
    assert page.clashes_model.rowCount() == 1 and not page.clashes_view.isHidden()


def test_hours_show_without_a_trailing_zero_in_the_crew_and_the_volunteers(page):
    from outreach.events.volunteers import assign, event_assignments

    db = page.context.db
    done = next(e for e in page.events_model.rows() if e.status == "done")
    people = event_assignments(db, done.id)
    assign(db, done.id, people[0].volunteer_id, people[0].role, hours=3)
    assign(db, done.id, people[1].volunteer_id, people[1].role, hours=3.5)
    seen = []

    def look(dialog):
        column = [dialog.model.index(r, 3).data() for r in range(dialog.model.rowCount())]
        seen.extend(column)
        return QDialog.DialogCode.Rejected

    page.run_dialog = look
    page.select_event(done.id)
    page.crew_button.click()
    assert "3" in seen and "3.5" in seen and not [h for h in seen if h.endswith(".0")]
    page.reload()
    model = page.volunteers_model
    hours = [model.index(r, 5).data() for r in range(model.rowCount())]
    assert hours and not [h for h in hours if "." in h and h.endswith("0")]


CHINESE_PUNCTUATION = set("，。：、；（）【】")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_clash_texts_use_the_punctuation_of_the_language(page, language):
    from outreach.events.volunteers import add_volunteer, assign

    db = page.context.db
    first = create_event(db, EventDraft("阳光社区宣传", "2027-03-13", "09:00", "11:30"))
    second = create_event(db, EventDraft("东湖社区宣传", "2027-03-13", "11:00", "12:00"))
    third = create_event(db, EventDraft("和平街道宣传", "2027-03-13", "10:00", "11:00"))
    zhang = add_volunteer(db, name="张芳")
    for event in (first, second, third):
        assign(db, event.id, zhang.id, "leader")
    page.context.set_language(language)
    page.reload()
    page.select_event(first.id)
    proxy = page.events_view.model()
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 3).data() == "阳光社区宣传")
    texts = [proxy.index(row, 8).data()]
    texts += [
        page.clashes_model.index(r, c).data()
        for r in range(page.clashes_model.rowCount())
        for c in range(page.clashes_model.columnCount())
    ]
    crew = []

    def look(dialog):
        crew.extend(dialog.model.index(r, 4).data() for r in range(dialog.model.rowCount()))
        dialog.person_box.setCurrentIndex(dialog.person_box.findData(zhang.id))
        crew.append(dialog.warning.text())
        return QDialog.DialogCode.Rejected

    page.run_dialog = look
    page.crew_button.click()
    texts += crew
    joined = "\n".join(texts)
    assert "东湖社区宣传" in texts[0] and "和平街道宣传" in texts[0]
    assert "09:00–11:30" in joined and crew[-1]
    # The clashing events' titles are shown whole, not cut to "保险知识进社…".
    view = page.clashes_view
    assert all(view.columnWidth(c) >= view.sizeHintForColumn(c) for c in range(3))
    if language == "en":
        assert not CHINESE_PUNCTUATION & set(joined), joined
        assert "; " in texts[0] and "阳光社区宣传 (09:00–11:30)" in joined
    else:
        assert "；" in texts[0] and "阳光社区宣传（09:00–11:30）" in joined


def test_postpone_outcome_and_handouts(page, tmp_path, monkeypatch):
    db = page.context.db
    planned = next(e for e in page.events_model.rows() if e.status == "planned")
    page.select_event(planned.id)

    def later(dialog):
        dialog.date_edit.setDate(QDate(2029, 1, 6))
        dialog.reason_edit.setText("社区场地维修")

    page.run_dialog = accept_after(later)
    page.postpone_button.click()
    assert get_event(db, planned.id).status == "postponed"
    assert event_history(db, planned.id)[-1].reason == "社区场地维修"
    assert "社区场地维修" in page.details.text()

    def outcome(dialog):
        dialog.residents_spin.setValue(140)
        dialog.consultations_spin.setValue(33)
        dialog.material_spins["flyers"].setValue(260)

    page.select_event(planned.id)
    page.today = lambda: dt.date(2029, 1, 6)  # the evening of the postponed event
    page.run_dialog = accept_after(outcome)
    page.outcome_button.click()
    assert get_event(db, planned.id).status == "done"
    assert get_outcome(db, planned.id).materials == {"flyers": 260}

    written = []
    page.ask_file = lambda _title, suggested, _pattern: str(tmp_path / suggested)
    page.context.status.connect(written.append)
    page.select_event(planned.id)
    page.print_signin()
    page.export_calendar()
    page.export_events()
    assert (tmp_path / "活动表.xlsx").stat().st_size > 1000
    assert (tmp_path / "签到表-2029-01-06.pdf").stat().st_size > 1000
    assert (tmp_path / "outreach-events.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert len(written) == 3


def test_an_outcome_whose_materials_cannot_reach_the_stock_says_where_to_post_them(page):
    # An empty programme has no flyer item: the outcome was saved and the organiser was told
    # nothing, believing the stock had moved.
    from outreach.inventory.outcomes import pending_outcomes

    db = page.context.db
    planned = next(e for e in page.events_model.rows() if e.status == "planned")
    db.execute("UPDATE inventory_items SET kind = 'other' WHERE kind = 'posters'")

    def outcome(dialog):
        dialog.material_spins["posters"].setValue(7)

    page.select_event(planned.id)
    page.today = lambda: planned.day  # recorded on the day of the event
    page.run_dialog = accept_after(outcome)
    page.outcome_button.click()
    assert [(p.material, p.to_post) for p in pending_outcomes(db)] == [("posters", 7)]
    notice = page.outcome_notice
    assert notice.isVisible()
    assert "海报 7" in notice.text() and "预测与计划" in notice.text()
    notice.accept()

    def flyers_only(dialog):
        dialog.material_spins["posters"].setValue(0)
        dialog.material_spins["flyers"].setValue(5)

    page.select_event(planned.id)
    page.run_dialog = accept_after(flyers_only)
    page.outcome_button.click()
    assert page.outcome_notice is None  # the flyers went to the stock by themselves


def test_an_outcome_for_an_event_still_to_come_is_refused_before_the_dialog(page, monkeypatch):
    import ui.events_event_dialogs as dialogs

    db = page.context.db
    planned = next(e for e in page.events_model.rows() if e.status == "planned")
    shown = []
    monkeypatch.setattr(dialogs.QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    opened = []
    page.run_dialog = lambda dialog: opened.append(dialog) or QDialog.DialogCode.Accepted
    page.select_event(planned.id)
    page.today = lambda: planned.day - dt.timedelta(days=1)
    page.outcome_button.click()
    assert opened == [] and get_outcome(db, planned.id) is None
    assert get_event(db, planned.id).status == "planned"
    assert len(shown) == 1 and planned.title in shown[0] and "尚未举行" in shown[0]
    page.context.set_language("en")
    page.outcome_button.click()
    assert "after today" in shown[1] and "，" not in shown[1]
    # On the day itself the dialog opens and the outcome is kept.
    page.today = lambda: planned.day
    page.outcome_button.click()
    assert len(opened) == 1 and get_event(db, planned.id).status == "done"


def test_volunteers_from_members_and_language_switch(page):
    db = page.context.db
    before = len(list_volunteers(db))

    def pick(dialog):
        dialog.table.selectRow(0)
        dialog.table.selectionModel().select(
            dialog.table.model().index(1, 0),
            dialog.table.selectionModel().SelectionFlag.Select
            | dialog.table.selectionModel().SelectionFlag.Rows,
        )

    page.run_dialog = accept_after(pick)
    page.tabs.setCurrentIndex(2)
    page.add_members()
    assert len(list_volunteers(db)) == before + 2
    page.context.set_language("en")
    assert page.tabs.tabText(2) == "Volunteers"
    assert page.new_button.text() == "New event"
    header = page.events_model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    assert header == "Date"
    assert "Sat" in page.events_view.model().index(0, 1).data()
    page.context.set_language("zh_CN")
    assert page.new_button.text() == "新建活动"


def test_double_clicking_a_day_in_the_calendar_offers_a_new_event_on_it(page, qtbot):
    from PySide6.QtCore import QPoint

    grid = page.calendar.grid
    page.calendar.show_month(2027, 6)
    grid.repaint()
    cell, _day = next((rect, day) for rect, day in grid._cells if day.isoformat() == "2027-06-16")
    seen = []

    def fill(dialog):
        seen.append(dialog.date_edit.date().toString("yyyy-MM-dd"))
        dialog.title_edit.setText("端午节前宣传")

    page.run_dialog = accept_after(fill)
    qtbot.mouseDClick(
        grid, Qt.MouseButton.LeftButton, pos=QPoint(int(cell.center().x()), int(cell.bottom() - 4))
    )
    assert seen == ["2027-06-16"]
    assert any(
        e.title == "端午节前宣传" and e.date == "2027-06-16" for e in page.events_model.rows()
    )
    grid.repaint()
    assert any(rect.contains(cell.center()) or rect.intersects(cell) for rect, _ in grid._chips)


def test_a_read_only_programme_shows_but_does_not_change(page):
    page.context.programme.read_only = True
    try:
        page.reload()
        assert not page.new_button.isEnabled() and not page.series_button.isEnabled()
        assert page.calendar_action.isEnabled()  # exporting still works
        before = len(list_events(page.context.db))
        page.run_dialog = accept_after(lambda dialog: None)
        page.new_event()
        page.calendar.grid.day_double_clicked.emit("2027-06-16")
        assert len(list_events(page.context.db)) == before
    finally:
        page.context.programme.read_only = False
