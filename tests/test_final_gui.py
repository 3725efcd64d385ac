"""The final's console driven by key presses, the projector following each event, the page."""

from __future__ import annotations

import html

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics

from outreach import i18n
from outreach.final import finals, scoring
from outreach.final.live import Live, QuestionInput
from outreach.final.standings import explain, final_standings
from ui.final_console import FinalConsole

TEAMS = [("a", "甲队", "金融1"), ("b", "乙队", "金融2"), ("c", "丙队", "保险1")]
Q = QuestionInput("保险利益原则指什么？", ["A 项", "B 项"], "A", "解析文字")


@pytest.fixture
def console(qtbot, db):
    final = finals.create_final(db, "决赛")
    finals.set_teams(db, final.id, TEAMS)
    finals.set_buzzer_key(db, final.id, "c", "F7")
    widget = FinalConsole()
    qtbot.addWidget(widget)
    widget.set_final(Live.open(db, final.id))
    widget.resize(1200, 800)
    widget.show()
    widget.setFocus()
    yield widget
    widget.closeProjector()


def totals(console):
    return {s.team_id: s.total for s in final_standings(console.live.db, console.live.final_id)}


def test_keys_choose_score_undo_redo_and_the_projector_follows(qtbot, console):
    console.toggle_projector()
    projector = console.projector
    qtbot.waitExposed(projector)
    console.start_round()
    console._run(console.live.open_question, Q)
    assert projector.stem.text() == Q.stem
    qtbot.keyClick(console, Qt.Key.Key_2)
    assert console.live.state.question.answering_team_id == "b"
    painted = projector.scoreboard.paint_count
    qtbot.keyClick(console, Qt.Key.Key_R)
    assert totals(console)["b"] == 110
    assert ("b", "乙队", 110, 1) in projector.scoreboard.rows
    qtbot.waitUntil(lambda: projector.scoreboard.paint_count > painted)
    qtbot.keyClick(console, Qt.Key.Key_P)
    assert "A" in projector.answer.text()
    qtbot.keyClick(console, Qt.Key.Key_P)
    assert "解析文字" in projector.explanation.text()
    qtbot.keyClick(console, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(console, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(console, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert totals(console)["b"] == 100
    assert projector.scoreboard.rows[0][2] == 100
    qtbot.keyClick(console, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert totals(console)["b"] == 110
    kinds = [e.kind for e in finals.load_events(console.live.db, console.live.final_id)]
    assert kinds.count(scoring.UNDO) == 3 and kinds.count(scoring.REDO) == 1


def test_refused_key_explains_in_the_status_line(qtbot, console):
    console.start_round()
    console._run(console.live.open_question, Q)
    console._run(console.live.choose, "a")
    console._run(console.live.answer, "right")
    qtbot.keyClick(console, Qt.Key.Key_R)
    assert "撤销" in console.status_label.text()
    assert totals(console)["a"] == 110


def test_buzzer_key_false_start_then_first_press(qtbot, console):
    buzz = next(r for r in console.live.setup.rounds if r.rule.kind == "buzz")
    console.round_combo.setCurrentIndex(console.round_combo.findData(buzz.id))
    console.start_round()
    console._run(console.live.open_question, Q)
    qtbot.keyClick(console, Qt.Key.Key_F7)  # before Space opened it: a false start
    assert totals(console)["c"] == 90
    qtbot.keyClick(console, Qt.Key.Key_Space)
    assert console.live.state.timer.running
    assert console.ticker.isActive()
    qtbot.keyClick(console, Qt.Key.Key_F7)  # locked out after the false start
    assert console.live.state.question.answering_team_id is None
    qtbot.keyClick(console, Qt.Key.Key_1)  # by hand always works
    qtbot.keyClick(console, Qt.Key.Key_W)
    assert totals(console)["a"] == 90


def test_risk_round_stake_key(qtbot, console):
    risk = next(r for r in console.live.setup.rounds if r.rule.kind == "risk")
    console.round_combo.setCurrentIndex(console.round_combo.findData(risk.id))
    console.start_round()
    console._run(console.live.open_question, Q)
    qtbot.keyClick(console, Qt.Key.Key_S)
    qtbot.keyClick(console, Qt.Key.Key_S)
    qtbot.keyClick(console, Qt.Key.Key_S)
    qtbot.keyClick(console, Qt.Key.Key_R)
    assert sorted(totals(console).values()) == [100, 100, 130]


def test_projector_hides_bottom_teams_and_scales_names(qtbot, console):
    finals.update_final(console.live.db, console.live.final_id, hide_bottom=1)
    console.live.reload()
    console.toggle_projector()
    projector = console.projector
    projector.resize(1920, 1080)
    projector.show_live(console.live)
    assert projector.scoreboard.hidden_bottom == 1
    assert projector.scoreboard.name_px >= 48


def test_final_page_in_both_languages(qtbot, demo_db):
    from outreach.storage import Programme
    from ui.context import AppContext
    from ui.pages.final import FinalPage
    from ui.settings import AppSettings

    context = AppContext(AppSettings(None), Programme(demo_db, None))
    page = FinalPage(context)
    qtbot.addWidget(page)
    assert page.final_combo.count() == 1
    assert page.console.live is not None and len(page.console.team_buttons) >= 3
    assert page.setup.rounds_model.rowCount() == 3
    assert page.log.model.rowCount() > 5
    i18n.set_language("en")
    context.language_changed.emit("en")
    assert page.tabs.tabText(0) == "Console"
    assert page.console.right_button.text() == "Right R"


def test_countdown_reaching_zero_stops_the_timer_and_flashes(qtbot, console):
    console.toggle_projector()
    console.start_round()
    console._run(console.live.open_question, Q)
    console._run(console.live.toggle_timer, 150)
    assert console.ticker.isActive()
    qtbot.waitUntil(lambda: not console.live.state.timer.running, timeout=3000)
    assert console.live.events[-1].kind == scoring.TIMER
    assert console.projector.countdown.text() == "0"
    assert "#7a0010" in console.projector.styleSheet()


def test_tie_at_a_prize_boundary_offers_a_tiebreak_from_reserved_questions(qtbot, demo_db):
    from outreach.final.sources import bank_questions

    final = finals.create_final(demo_db, "加赛测试", prize_cuts=(1,))
    finals.set_teams(demo_db, final.id, TEAMS)
    widget = FinalConsole()
    qtbot.addWidget(widget)
    widget.set_final(Live.open(demo_db, final.id))
    widget.show()
    assert not widget.tie_button.isHidden()  # all level at the top: a tie across the cut at 1
    qtbot.mouseClick(widget.tie_button, Qt.MouseButton.LeftButton)
    assert widget.live.round.rule.kind == "extra"
    widget.next_bank_question()
    reserved = {q.question_id for _, q in bank_questions(demo_db, reserved=True)}
    assert widget.live.state.question.question_id in reserved
    qtbot.keyClick(widget, Qt.Key.Key_Space)
    qtbot.keyClick(widget, Qt.Key.Key_3)
    qtbot.keyClick(widget, Qt.Key.Key_R)
    standings = final_standings(demo_db, final.id)
    assert standings[0].team_id == "c" and standings[0].total == 100  # decided, total unchanged
    assert widget.tie_button.isHidden()
    widget.closeProjector()


def test_projector_goes_full_screen_on_another_screen_when_there_is_one(qtbot, monkeypatch):
    from ui import projector as projector_module

    class FakeScreen:
        def geometry(self):
            from PySide6.QtCore import QRect

            return QRect(1920, 0, 1920, 1080)

    window = projector_module.ProjectorWindow()
    qtbot.addWidget(window)
    assert not window.testAttribute(Qt.WidgetAttribute.WA_QuitOnClose)  # never keeps the app alive
    real = projector_module.QGuiApplication.primaryScreen()
    calls = []
    monkeypatch.setattr(projector_module.QGuiApplication, "screens", lambda: [real, FakeScreen()])
    monkeypatch.setattr(window, "setScreen", lambda screen: calls.append(("screen", screen)))
    monkeypatch.setattr(window, "showFullScreen", lambda: calls.append(("full", None)))
    window.place(None)
    assert [c[0] for c in calls] == ["screen", "full"]
    assert window.geometry().x() == 1920
    monkeypatch.setattr(projector_module.QGuiApplication, "screens", lambda: [real])
    window.place(None)
    assert window.isVisible() and not window.isFullScreen()


def final_setup(qtbot, db):
    """A final of the six teams, and its set-up tab showing it."""
    from ui.final_setup import FinalSetup

    final = finals.create_final(db, "决赛")
    finals.set_teams(db, final.id, TEAMS)
    widget = FinalSetup()
    qtbot.addWidget(widget)
    widget.set_final(db, final.id)
    return final, widget


def test_setup_locks_when_scoring_starts_and_unlock_asks_for_a_reason(qtbot, db, monkeypatch):
    import ui.final_setup as setup_module

    final, widget = final_setup(qtbot, db)
    widget.add_round("custom")
    assert widget.rounds_model.rowCount() == 4
    live = Live.open(db, final.id)
    live.start_round(live.setup.rounds[0].id)
    widget.reload()
    assert not widget.unlock_button.isHidden()
    refusals = []
    monkeypatch.setattr(setup_module.QMessageBox, "warning", lambda *args: refusals.append(args[2]))
    widget.add_round("buzz")
    assert widget.rounds_model.rowCount() == 4 and "解锁" in refusals[0]
    monkeypatch.setattr(setup_module, "ask_text", lambda *args: ("", True))
    widget.unlock()  # an empty reason is refused
    assert len(refusals) == 2
    monkeypatch.setattr(setup_module, "ask_text", lambda *args: ("评委同意加一轮", True))
    widget.unlock()
    widget.add_round("buzz")
    assert widget.rounds_model.rowCount() == 5
    events = finals.load_events(db, final.id)
    assert [e.kind for e in events[-2:]] == [scoring.UNLOCK, scoring.SETUP]
    assert events[-2].reason == "评委同意加一轮"


def test_round_rules_wrap_instead_of_being_cut_in_english(qtbot, demo_db):
    from PySide6.QtCore import Qt

    from outreach.storage import Programme
    from ui.context import AppContext
    from ui.pages.final import FinalPage
    from ui.settings import AppSettings

    i18n.set_language("en")
    context = AppContext(AppSettings(None), Programme(demo_db, None))
    page = FinalPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.tabs.setCurrentWidget(page.setup)
    page.setup.reload()
    view, model = page.setup.rounds_view, page.setup.rounds_model
    page.resize(1000, 800)  # narrower after loading: the rows follow
    qtbot.wait(10)
    rule_column = model.columnCount() - 1
    for row in range(model.rowCount()):
        index = model.index(row, rule_column)
        text = index.data()
        assert index.data(Qt.ItemDataRole.ToolTipRole) == text
        # the row is tall enough for the wrapped rule in the column's width
        needed = view.fontMetrics().boundingRect(
            0, 0, view.columnWidth(rule_column) - 8, 10_000, Qt.TextFlag.TextWordWrap, text
        )
        assert view.rowHeight(row) >= needed.height(), text


def test_prize_boundaries_and_stakes_typed_with_chinese_commas(qtbot, db, monkeypatch):
    # "1、3、6" (the Chinese enumeration comma) wiped every prize boundary, and "10、20、30"
    # left a risk round without stakes, both silently.
    import ui.final_setup as setup_module

    final, widget = final_setup(qtbot, db)
    refusals = []
    monkeypatch.setattr(setup_module.QMessageBox, "warning", lambda *args: refusals.append(args[2]))
    widget.prize_cuts.setText("1、2、５")
    widget.save_scoring()
    assert finals.get_final(db, final.id).prize_cuts == (1, 2, 5) and not refusals
    widget.prize_cuts.setText("1, 三, 6")
    widget.save_scoring()
    assert finals.get_final(db, final.id).prize_cuts == (1, 2, 5)
    assert "三" in refusals[-1]

    risk = next(r for r in finals.list_rounds(db, final.id) if r.rule.uses_stakes)
    dialog = setup_module.RoundDialog(risk)
    qtbot.addWidget(dialog)
    dialog.stakes.setText("10、20、40")
    assert dialog.rule().stakes == (10, 20, 40)
    dialog.stakes.setText("10，二十")
    dialog.accept()
    assert dialog.result() != setup_module.QDialog.DialogCode.Accepted
    assert "二十" in refusals[-1]


def test_the_tiebreak_round_is_named_in_the_ui_language(qtbot, db):
    # Rounds added on the set-up tab take the UI language; the tie-break round was always
    # named in Chinese.
    final = finals.create_final(db, "Final", prize_cuts=(1,), language="en")
    finals.set_teams(db, final.id, TEAMS)
    i18n.set_language("en")
    widget = FinalConsole()
    qtbot.addWidget(widget)
    widget.set_final(Live.open(db, final.id))
    widget.show()
    qtbot.mouseClick(widget.tie_button, Qt.MouseButton.LeftButton)
    assert widget.live.round.name == "Tie-break (buzz-in)"
    widget.closeProjector()


def test_scoring_typed_but_not_saved_survives_other_set_up_changes(qtbot, db, monkeypatch):
    # Typing a base score and prize boundaries, then adding a round or choosing teams, put
    # the saved values back without a word.
    final, widget = final_setup(qtbot, db)
    widget.base_score.setValue(120)
    widget.prize_cuts.setText("1、2")
    widget.add_round("buzz")
    assert widget.rounds_model.rowCount() == 4
    assert (widget.base_score.value(), widget.prize_cuts.text()) == (120, "1、2")
    widget.save_scoring()
    saved = finals.get_final(db, final.id)
    assert (saved.base_score, saved.prize_cuts) == (120, (1, 2))
    assert widget.prize_cuts.text() == "1, 2"
    other = finals.create_final(db, "另一场")
    widget.base_score.setValue(90)
    widget.set_final(db, other.id)  # another final: its own values
    assert widget.base_score.value() == other.base_score


def test_the_tiebreak_button_is_offered_only_while_a_tie_is_unsettled(qtbot, db):
    # The button stayed after a tie-break was started (and after it settled the tie), and
    # pressing it again added 附加赛 2.
    final = finals.create_final(db, "决赛", prize_cuts=(1,))
    finals.set_teams(db, final.id, TEAMS)
    widget = FinalConsole()
    qtbot.addWidget(widget)
    widget.set_final(Live.open(db, final.id))
    widget.show()
    assert not widget.tie_button.isHidden()
    qtbot.mouseClick(widget.tie_button, Qt.MouseButton.LeftButton)
    assert widget.live.round.rule.kind == "extra"
    assert widget.tie_button.isHidden()  # under way: its next question settles the tie
    assert "附加赛进行中" in widget.tie_label.text()
    widget._run(widget.live.open_question, Q)
    qtbot.keyClick(widget, Qt.Key.Key_Space)
    qtbot.keyClick(widget, Qt.Key.Key_2)
    qtbot.keyClick(widget, Qt.Key.Key_R)
    assert final_standings(db, final.id)[0].team_id == "b"
    assert widget.tie_button.isHidden() and widget.tie_label.text() == ""
    extra = [r for r in finals.list_rounds(db, final.id) if r.rule.kind == "extra"]
    assert len(extra) == 1
    widget.closeProjector()


def test_why_this_rank_is_readable_whole_when_the_column_cuts_it(qtbot, console):
    """The explanation column elides a long English explanation with "…": the chosen row's
    whole text is on a wrapping line below, and the tooltip is rich text so Qt wraps it."""
    i18n.set_language("en")
    console.retranslate()
    console.resize(700, 700)
    standings = console.standings_model.rows()
    whole = {s.team_id: explain(s) for s in standings}
    assert any(len(text) > 80 for text in whole.values())
    first = standings[0]
    assert console.why_label.wordWrap()
    assert whole[first.team_id] in console.why_label.text()
    assert first.team_name in console.why_label.text()

    console.standings_view.selectRow(2)
    third = standings[2]
    assert whole[third.team_id] in console.why_label.text()
    # the choice stays through a score change (the table is refilled)
    qtbot.keyClick(console, Qt.Key.Key_N)
    console.refresh()
    assert console._why_team == third.team_id
    chosen = next(s for s in console.standings_model.rows() if s.team_id == third.team_id)
    assert explain(chosen) in console.why_label.text()

    model = console.standings_model
    tip = model.data(model.index(0, 4), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("<p>") and html.escape(explain(model.row_at(0))) in tip
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole) == model.row_at(0).team_name


LONG_TEAMS = [
    ("a", "数智先锋队", "金融1"),
    ("b", "中外合作办学国际精算与风险管理实验班梦之队", "金融2"),
    ("c", "The Unstoppable Risk Managers of Class 2024", "保险1"),
]


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)])
def test_projector_shows_long_team_names_whole(qtbot, db, size):
    """A name wider than its slot was clipped mid-character (数智先锋队 showed as 数智先锋 at
    1024×768): it now shrinks, then takes two lines, and every line fits the slot."""
    final = finals.create_final(db, "决赛")
    finals.set_teams(db, final.id, LONG_TEAMS)
    widget = FinalConsole()
    qtbot.addWidget(widget)
    widget.set_final(Live.open(db, final.id))
    widget.show()
    widget.toggle_projector()
    projector = widget.projector
    projector.resize(*size)
    projector.show_live(widget.live)
    qtbot.waitExposed(projector)
    board = projector.scoreboard
    board.grab()
    assert set(board.drawn_names) == {"a", "b", "c"}
    slot = board.width() - board.name_px * 4.6
    for team_id, name, _ in LONG_TEAMS:
        px, shown = board.drawn_names[team_id]
        lines = shown.split("\n")
        assert len(lines) <= 2
        assert "".join(lines).replace(" ", "") == name.replace(" ", "")
        font = QFont(board.font())
        font.setPixelSize(px)
        font.setBold(True)
        assert all(QFontMetrics(font).horizontalAdvance(line) <= slot for line in lines)
    assert board.drawn_names["a"] == (board.name_px, "数智先锋队") or size[0] < 1920
    widget.closeProjector()


def test_projector_made_smaller_is_as_small_as_asked(qtbot, console):
    """The fonts follow the height; the minimum size taken from the 1080p fonts kept the window
    900 px high when made 1024×768 (taller than that projector)."""
    live = console.live
    live.start_round(live.setup.rounds[0].id)
    live.open_question(
        QuestionInput("保险合同中，投保人对保险标的应当具有（ ）。" * 2, ["甲" * 20] * 4, "A", "解")
    )
    live.reveal_next()
    live.reveal_next()
    console.refresh()
    console.toggle_projector()
    projector = console.projector
    qtbot.waitExposed(projector)
    projector.resize(1920, 1080)
    qtbot.wait(10)
    projector.resize(1024, 768)
    qtbot.wait(10)
    assert (projector.width(), projector.height()) == (1024, 768)


def test_long_team_names_do_not_widen_the_console(qtbot, db):
    """A long team name made its button, the console and the main window wider than a
    laptop's screen: the name is cut with "…" to the button (whole in the tooltip); the number,
    the buzzer key and the score are never cut."""
    final = finals.create_final(db, "决赛")
    finals.set_teams(db, final.id, LONG_TEAMS)
    finals.set_buzzer_key(db, final.id, "b", "F7")
    widget = FinalConsole()
    qtbot.addWidget(widget)
    widget.set_final(Live.open(db, final.id))
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.minimumSizeHint().width() <= 900
    button = widget.team_buttons[1]
    first_line, score = button.text().split("\n")
    assert first_line.startswith("2  中外合作") and first_line.endswith("…  [F7]")
    assert score == "100"
    assert button.toolTip() == LONG_TEAMS[1][1]
    assert button.fontMetrics().horizontalAdvance(first_line) <= button.width()
    assert widget.team_buttons[0].text() == "1  数智先锋队\n100"


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720), (1920, 1080)])
def test_projector_question_answer_and_explanation_fit_the_window(qtbot, console, size):
    """With the explanation shown, the question's column needed more than 720 px at 1280×720
    (and at 1024×768): the options, answer and explanation were squeezed over each other and
    cut. The texts now shrink until they fit, every label whole and none overlapping."""
    live = console.live
    live.start_round(live.setup.rounds[0].id)
    stem = "保险合同中，投保人对保险标的应当具有法律上承认的哪一种利益？请选择最恰当的一项。"
    options = ["保险利益（可保利益）", "所有权", "使用权", "收益权"]
    explanation = "保险利益原则要求投保人或者被保险人对保险标的具有法律上承认的利益。" * 2
    live.open_question(QuestionInput(stem, options, "A", explanation))
    live.choose("a")
    live.answer("wrong")
    live.reveal_next()
    live.reveal_next()
    console.refresh()
    console.toggle_projector()
    projector = console.projector
    projector.resize(*size)
    qtbot.waitExposed(projector)
    qtbot.wait(20)
    assert explanation in projector.explanation.text()
    labels = [
        projector.round_label,
        projector.team_label,
        projector.stem,
        projector.options,
        projector.answer,
        projector.explanation,
    ]
    bottom = 0
    for label in labels:
        geometry = label.geometry()
        assert geometry.height() >= label.heightForWidth(geometry.width()), label.text()
        if label is not projector.team_label:
            assert geometry.top() >= bottom, label.text()
        bottom = geometry.bottom()
    assert bottom <= projector.height()
    assert projector.text_scale >= 0.4


def test_final_printouts_ask_before_printing_a_team_name_the_font_lacks(
    qtbot, db, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    from ui import final_log
    from ui.context import AppContext
    from ui.settings import AppSettings

    final = finals.create_final(db, "决赛")
    finals.set_teams(db, final.id, [("a", "🔥火焰队", "金融1"), ("b", "稳健队", "金融2")])
    log = final_log.FinalLog(AppContext(AppSettings(None)))
    qtbot.addWidget(log)
    log.set_final(db, final.id)
    warned, asked = [], []
    monkeypatch.setattr(
        QMessageBox,
        "warning",
        lambda _p, _t, text, *a: warned.append(text) or QMessageBox.StandardButton.Cancel,
    )
    monkeypatch.setattr(final_log, "save_file_name", lambda *a, **k: asked.append(1) or "")
    log.print_pdf(final_log.print_scoresheets, "scoresheets")
    assert len(warned) == 1 and "🔥火焰队" in warned[0] and asked == []


def test_a_tiebreak_started_in_english_reads_chinese_after_a_switch(qtbot, console):
    # The round kept the name of the language in force when it was started: "Tie-break
    # (buzz-in)" on a Chinese projector.
    i18n.set_language("en")
    try:
        console.retranslate()
        console.start_tiebreak()
        console.toggle_projector()
        projector = console.projector
        qtbot.waitExposed(projector)
        assert "Tie-break" in console.round_combo.currentText()
        assert "Tie-break" in projector.round_label.text()
        i18n.set_language("zh_CN")
        console.retranslate()
        assert console.round_combo.currentText() == "附加赛（抢答）"
        assert "附加赛（抢答）" in projector.round_label.text()
        assert "Tie-break" not in console.round_label.text()
    finally:
        i18n.set_language("zh_CN")
