"""The operator console of the live final, keyboard first.

1–9 choose the answering team, R right, W wrong, N no answer, S stake, Space timer, P the next
projector stage, Enter the next bank question, Ctrl+Z / Ctrl+Y undo / redo; each team's buzzer
key buzzes for it. Every action is one committed event (``outreach.final.live``); refused
actions show their reason in the status line instead of a dialog, so the host never waits.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from outreach.final import finals as final_setup
from outreach.final.finals import FinalError
from outreach.final.live import Live, QuestionInput
from outreach.final.rounds import ANSWER_IN_TURN, KIND_EXTRA
from outreach.final.sources import bank_questions, team_members, used_question_ids
from outreach.final.standings import Standing, explain
from outreach.i18n import join_clauses, join_list, tr
from outreach.printing.line_breaking import glued_blanks
from ui.projector import ProjectorWindow, restyle
from ui.table_models import Column, RowsTableModel
from ui.texts import TextBinder

LETTERS = "ABCDEFGH"


def dialog_buttons(dialog: QDialog) -> QDialogButtonBox:
    """OK / Cancel named in the UI language (Qt's own translations are not shipped)."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("final.dialog.ok"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("final.dialog.cancel"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def ask_text(parent: QWidget, title: str, label: str) -> tuple[str, bool]:
    """A one-line question with OK / Cancel in the UI language."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setOkButtonText(tr("final.dialog.ok"))
    dialog.setCancelButtonText(tr("final.dialog.cancel"))
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.textValue(), accepted


def wrapped_tooltip(text: str) -> str:
    """A plain text as a rich-text tooltip: Qt wraps those, a plain one stays on one line."""
    return f"<p>{html.escape(text)}</p>" if text else ""


def key_name(event: QKeyEvent) -> str:
    """The key as text ("F5", "Q", "Space"), the same form buzzer keys are stored in."""
    return QKeySequence(event.keyCombination()).toString()


class QuestionDialog(QDialog):
    """Type a question in (stem, options one per line, answer, explanation)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("final.console.type_question"))
        form = QFormLayout(self)
        self.stem = QPlainTextEdit()
        self.options = QPlainTextEdit()
        self.options.setPlaceholderText(tr("final.console.options_hint"))
        self.answer = QLineEdit()
        self.explanation = QPlainTextEdit()
        form.addRow(tr("final.console.stem"), self.stem)
        form.addRow(tr("final.console.options"), self.options)
        form.addRow(tr("final.console.answer"), self.answer)
        form.addRow(tr("final.console.explanation"), self.explanation)
        form.addRow(dialog_buttons(self))
        self.resize(640, 480)

    def question(self) -> QuestionInput:
        options = [line.strip() for line in self.options.toPlainText().splitlines() if line.strip()]
        return QuestionInput(
            stem=self.stem.toPlainText().strip(),
            options=options,
            answer=self.answer.text().strip(),
            explanation=self.explanation.toPlainText().strip(),
        )


class CorrectionDialog(QDialog):
    """A score correction: team, points (±), and a reason that is required."""

    def __init__(self, live: Live, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("final.console.correction"))
        form = QFormLayout(self)
        self.team = QComboBox()
        for team in live.setup.teams:
            self.team.addItem(team.name, team.team_id)
        self.points = QSpinBox()
        self.points.setRange(-1000, 1000)
        self.points.setSingleStep(5)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("final.console.reason_hint"))
        form.addRow(tr("final.console.team"), self.team)
        form.addRow(tr("final.console.points"), self.points)
        form.addRow(tr("final.console.reason"), self.reason)
        self.buttons = dialog_buttons(self)
        form.addRow(self.buttons)
        self.setMinimumWidth(460)
        self.reason.textChanged.connect(self._enable)
        self.points.valueChanged.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        ok = bool(self.reason.text().strip()) and self.points.value() != 0
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


class TeamButton(QPushButton):
    """A team's button whose name is cut with "…" to the button's width (the whole name in
    its tooltip): a long team name made the console, and the main window, wider than a
    laptop's screen."""

    def __init__(self) -> None:
        super().__init__()
        self._prefix = ""
        self._name = ""
        self._rest = ""
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        self.setSizePolicy(policy)

    def set_team_text(self, prefix: str, name: str, rest: str) -> None:
        """``{prefix}{name}{rest}``; only the name is cut, never the number, the buzzer key
        or the score line."""
        if (prefix, name, rest) != (self._prefix, self._name, self._rest):
            self._prefix, self._name, self._rest = prefix, name, rest
            self.setToolTip(name)
            self._fit()

    def full_text(self) -> str:
        return self._prefix + self._name + self._rest

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        first, _, after = self._rest.partition("\n")
        room = self.width() - 24 - metrics.horizontalAdvance(self._prefix + first)
        name = metrics.elidedText(self._name, Qt.TextElideMode.ElideRight, max(room, 0))
        name = name or self._name[:1] + "…"
        self.setText(f"{self._prefix}{name}{first}" + (f"\n{after}" if after else ""))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()


class FinalConsole(QWidget):
    """The console for one final; ``set_final`` switches (or clears) it."""

    changed = Signal()  # an event was appended (the page refreshes its log view)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.texts = TextBinder()
        self.live: Live | None = None
        self.projector: ProjectorWindow | None = None
        self.ticker = QTimer(self)
        self.ticker.setInterval(100)
        self.ticker.timeout.connect(self._tick)
        self._explanations: dict[str, str] = {}
        self._button_styles: dict[int, str] = {}
        self._build()

    # -- building
    def _button(self, key: str, handler) -> QPushButton:
        button = QPushButton()
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumHeight(40)
        self.texts.bind(button.setText, key)
        button.clicked.connect(handler)
        return button

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.round_combo = QComboBox()
        self.round_combo.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.round_combo.setMinimumWidth(180)
        self.start_round_button = self._button("final.console.start_round", self.start_round)
        self.next_question_button = self._button(
            "final.console.next_question", self.next_bank_question
        )
        self.type_question_button = self._button("final.console.type_question", self.type_question)
        self.projector_button = self._button("final.console.projector", self.toggle_projector)
        self.timer_label = QLabel()
        self.timer_label.setObjectName("consoleTimer")
        restyle(self.timer_label, "font-size: 28px; font-weight: bold;")
        bar.addWidget(self.round_combo)
        bar.addWidget(self.start_round_button)
        bar.addWidget(self.next_question_button)
        bar.addWidget(self.type_question_button)
        bar.addStretch(1)
        bar.addWidget(self.timer_label)
        bar.addWidget(self.projector_button)
        layout.addLayout(bar)

        self.round_label = QLabel()
        self.round_label.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.question_label = QLabel()
        self.question_label.setWordWrap(True)
        self.question_label.setStyleSheet("font-size: 18px;")
        self.answer_label = QLabel()
        self.answer_label.setWordWrap(True)
        self.answer_label.setStyleSheet("color: #0a7a2f; font-size: 16px;")
        self.turn_label = QLabel()
        self.turn_label.setStyleSheet("font-size: 16px; color: #8a5a00; font-weight: bold;")
        layout.addWidget(self.round_label)
        layout.addWidget(self.question_label)
        layout.addWidget(self.answer_label)
        layout.addWidget(self.turn_label)

        self.team_grid = QGridLayout()
        self.team_buttons: list[QPushButton] = []
        layout.addLayout(self.team_grid)

        actions = QHBoxLayout()
        self.right_button = self._button("final.console.right", lambda: self.answer("right"))
        self.wrong_button = self._button("final.console.wrong", lambda: self.answer("wrong"))
        self.none_button = self._button("final.console.none", lambda: self.answer("none"))
        self.stake_button = self._button("final.console.stake", self.next_stake)
        self.timer_button = self._button("final.console.timer", self.toggle_timer)
        self.reveal_button = self._button("final.console.reveal", self.reveal)
        self.undo_button = self._button("final.console.undo", self.undo)
        self.redo_button = self._button("final.console.redo", self.redo)
        self.correct_button = self._button("final.console.correct", self.correct)
        for button in (
            self.right_button,
            self.wrong_button,
            self.none_button,
            self.stake_button,
            self.timer_button,
            self.reveal_button,
            self.undo_button,
            self.redo_button,
            self.correct_button,
        ):
            actions.addWidget(button)
        layout.addLayout(actions)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setObjectName("consoleStatus")
        layout.addWidget(self.status_label)

        self.tie_label = QLabel()
        self.tie_label.setWordWrap(True)
        self.tie_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.tie_button = self._button("final.console.start_tiebreak", self.start_tiebreak)
        ties = QHBoxLayout()
        ties.addWidget(self.tie_label, 1)
        ties.addWidget(self.tie_button)
        layout.addLayout(ties)

        self.standings_model: RowsTableModel[Standing] = RowsTableModel(
            [
                Column("final.console.col_rank", lambda s: s.rank, align_right=True),
                Column(
                    "final.console.col_team", lambda s: s.team_name, tooltip=lambda s: s.team_name
                ),
                Column("final.console.col_total", lambda s: s.total, align_right=True),
                Column("final.console.col_right_wrong", lambda s: f"{s.right} / {s.wrong}"),
                Column(
                    "final.console.col_why",
                    lambda s: self._explanations.get(s.team_id, ""),
                    # rich text, so that Qt wraps a long explanation instead of running it
                    # off the screen in one line
                    tooltip=lambda s: wrapped_tooltip(self._explanations.get(s.team_id, "")),
                ),
            ]
        )
        self.standings_view = QTableView()
        self.standings_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.standings_view.setModel(self.standings_model)
        self.standings_view.horizontalHeader().setSectionResizeMode(
            4, QHeaderView.ResizeMode.Stretch
        )
        self.standings_view.verticalHeader().setVisible(False)
        self.standings_view.setWordWrap(False)
        self.standings_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.standings_view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.standings_view.selectionModel().selectionChanged.connect(self._why_selected)
        layout.addWidget(self.standings_view, 1)
        # The explanation column is cut with "…" when long: the chosen row's whole
        # explanation is here, wrapped (the first row's until one is chosen).
        self.why_label = QLabel()
        self.why_label.setWordWrap(True)
        self.why_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.why_label.setObjectName("whyThisRank")
        layout.addWidget(self.why_label)
        # the line's room comes out of the table's smallest height (a header and a row), so
        # the window still fits a 1366×768 laptop
        self.standings_view.setMinimumHeight(46)
        self._why_team: str | None = None
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #555;")
        self.texts.bind(self.hint_label.setText, "final.console.keys_hint")
        layout.addWidget(self.hint_label)

    # -- state
    def set_final(self, live: Live | None) -> None:
        self.live = live
        if live is None:
            self.closeProjector()
        self._rebuild_teams()
        self._fill_rounds()
        self.refresh()
        if live is not None and live.state.timer.running:
            self.ticker.start()

    def _fill_rounds(self) -> None:
        self.round_combo.clear()
        if self.live is None:
            return
        for info in self.live.setup.rounds:
            self.round_combo.addItem(info.name, info.id)
        current = self.live.state.round_id
        index = self.round_combo.findData(current) if current else -1
        if index < 0 and self.live.setup.rounds:
            done = self.live.state.questions_in_round
            index = next((i for i, r in enumerate(self.live.setup.rounds) if r.id not in done), 0)
        self.round_combo.setCurrentIndex(max(0, index))

    def _rebuild_teams(self) -> None:
        for button in self.team_buttons:
            self.team_grid.removeWidget(button)
            button.deleteLater()
        self.team_buttons = []
        if self.live is None:
            return
        for number, team in enumerate(self.live.setup.teams, start=1):
            button = TeamButton()
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(60)
            button.clicked.connect(lambda _=False, t=team.team_id: self.choose(t))
            self.team_grid.addWidget(button, (number - 1) // 5, (number - 1) % 5)
            self.team_buttons.append(button)

    def retranslate(self) -> None:
        self.texts.retranslate()
        self.status_label.setText("")
        if self.live is not None:  # a tie-break round's name follows the language
            for index in range(self.round_combo.count()):
                info = self.live.setup.round(self.round_combo.itemData(index))
                if info is not None:
                    self.round_combo.setItemText(index, info.name)
        self.standings_model.retranslate()
        self.refresh()

    def refresh(self) -> None:
        """Show the live state here and on the projector."""
        live = self.live
        enabled = live is not None
        for widget in (
            self.start_round_button,
            self.next_question_button,
            self.type_question_button,
            self.right_button,
            self.wrong_button,
            self.none_button,
            self.timer_button,
            self.reveal_button,
            self.undo_button,
            self.redo_button,
            self.correct_button,
        ):
            widget.setEnabled(enabled)
        if live is None:
            self.round_label.setText(tr("final.console.no_final"))
            for label in (
                self.question_label,
                self.answer_label,
                self.turn_label,
                self.timer_label,
            ):
                label.setText("")
            self.standings_model.set_rows([])
            self._show_why()
            self.tie_label.setText("")
            self.tie_button.setVisible(False)
            return
        state = live.state
        info = live.round
        question = state.question
        names = {t.team_id: t.name for t in live.setup.teams}
        standings = live.standings()
        # The projector first, and its scoreboard painted now rather than after the console's
        # own repaint: the scores are what the room is waiting for (bench/final.py measures the
        # key press to this paint). Its texts follow in the same event-loop pass.
        if self.projector is not None:
            self.projector.show_live(live, standings)
            if self.projector.isVisible():
                self.projector.scoreboard.repaint()
        if info is None:
            self.round_label.setText(tr("final.console.choose_round"))
        elif question is None:
            self.round_label.setText(tr("final.console.round_started", round=info.name))
        else:
            self.round_label.setText(tr("final.projector.round", round=info.name, n=question.index))
        if question is None:
            self.question_label.setText("")
            self.answer_label.setText("")
        else:
            options = "   ".join(f"{LETTERS[i]}. {o}" for i, o in enumerate(question.options[:8]))
            self.question_label.setText(
                glued_blanks(question.stem) + (f"\n{options}" if options else "")
            )
            answer = tr("final.projector.answer", answer=question.answer)
            stage = tr(f"final.stage.{question.reveal}")
            self.answer_label.setText(
                f"{answer}    [{tr('final.console.projector_shows', stage=stage)}]"
            )
        self.turn_label.setText(self._turn_text())
        self.stake_button.setEnabled(bool(info and info.rule.uses_stakes))
        self.undo_button.setEnabled(state.undo_target is not None)
        self.redo_button.setEnabled(state.redo_target is not None)
        totals = {s.team_id: s.total for s in standings}
        answering = question.answering_team_id if question else None
        locked = set(question.locked_out) if question else set()
        locked |= {t.team_id for t in live.setup.teams} - live.round_teams()
        for number, (team, button) in enumerate(
            zip(live.setup.teams, self.team_buttons, strict=False), start=1
        ):
            key = f"  [{team.buzzer_key}]" if team.buzzer_key else ""
            button.set_team_text(f"{number}  ", team.name, f"{key}\n{totals.get(team.team_id, 0)}")
            if team.team_id == answering and team.team_id not in locked:
                style = "background: #ffd34d; font-size: 18px; font-weight: bold;"
            elif team.team_id in locked:
                style = "background: #d0d0d0; color: #777; font-size: 18px;"
            else:
                style = "font-size: 18px;"
            if self._button_styles.get(id(button)) != style:
                self._button_styles[id(button)] = style
                button.setStyleSheet(style)
        self._explanations = {s.team_id: explain(s) for s in standings}
        why_team = self._why_team
        self.standings_model.set_rows(standings)
        row = next((i for i, s in enumerate(standings) if s.team_id == why_team), None)
        if row is not None:
            self.standings_view.selectRow(row)
        self._show_why()
        # offered only while a tie at a prize boundary is left that no tie-break has settled
        # or is settling (pressing it again added 附加赛 2 with no tie left)
        ties, running = live.tie_status(standings)
        if ties:
            groups = join_clauses(join_list(names[t] for t in group) for group in ties)
            key = "final.console.tie_running" if running else "final.console.tie_alert"
            self.tie_label.setText(tr(key, teams=groups))
        else:
            self.tie_label.setText("")
        self.tie_button.setVisible(bool(ties) and not running)
        self._show_timer()

    def _why_selected(self, *_args) -> None:
        rows = self.standings_view.selectionModel().selectedRows()
        if rows:
            self._why_team = self.standings_model.row_at(rows[0].row()).team_id
        self._show_why()

    def _show_why(self) -> None:
        """The whole explanation of the chosen team's rank (the first team's by default)."""
        standings = self.standings_model.rows()
        chosen = next((s for s in standings if s.team_id == self._why_team), None)
        if chosen is None and standings:
            chosen = standings[0]
        if chosen is None:
            self.why_label.setText("")
            return
        self.why_label.setText(
            tr(
                "final.console.why_detail",
                rank=chosen.rank,
                team=chosen.team_name,
                why=self._explanations.get(chosen.team_id, ""),
            )
        )

    def _turn_text(self) -> str:
        live = self.live
        question = live.state.question if live else None
        if live is None or question is None:
            return ""
        names = {t.team_id: t.name for t in live.setup.teams}
        parts = []
        if question.answering_team_id:
            parts.append(
                tr("final.projector.answering", team=names.get(question.answering_team_id, ""))
            )
            info = live.round
            if info and info.rule.rotate_members and info.rule.answer_mode == ANSWER_IN_TURN:
                members = team_members(live.db, question.answering_team_id)
                if members:
                    turn = (question.index - 1) // max(1, len(live.setup.teams))
                    parts.append(
                        tr("final.console.member_answers", name=members[turn % len(members)])
                    )
        else:
            parts.append(tr("final.console.waiting_team"))
        if question.stake is not None:
            parts.append(tr("final.projector.stake", stake=question.stake))
        if question.outcome:
            parts.append(tr(f"final.outcome.{question.outcome}"))
        return "  ·  ".join(parts)

    def _show_timer(self) -> None:
        live = self.live
        if live is None or live.state.question is None:
            self.timer_label.setText("")
            return
        remaining = live.timer_remaining_ms()
        seconds = (remaining + 999) // 1000
        running = live.state.timer.running
        self.timer_label.setText(f"{seconds}s")
        colour = "#0a7a2f" if running else "#555555"
        restyle(self.timer_label, f"font-size: 28px; font-weight: bold; color: {colour};")
        if self.projector is not None:
            self.projector.show_countdown(remaining, running)

    def _tick(self) -> None:
        live = self.live
        if live is None or not live.state.timer.running:
            self.ticker.stop()
            self._show_timer()
            return
        if live.timer_remaining_ms() <= 0:
            self.ticker.stop()
            self._run(live.timer_expired)
            if self.projector is not None:
                self.projector.time_up()
            else:
                from PySide6.QtWidgets import QApplication

                QApplication.beep()
            return
        self._show_timer()

    # -- actions
    def _run(self, action, *args) -> bool:
        if self.live is None:
            return False
        try:
            events = action(*args)
        except FinalError as error:
            restyle(self.status_label, "color: #b00020;")
            self.status_label.setText(error.message.render())
            return False
        restyle(self.status_label, "")
        if events:
            last = events[-1]
            self.status_label.setText(
                tr("final.console.logged", seq=last.seq, action=tr(f"final.event.{last.kind}"))
            )
            self.changed.emit()
        if self.live.state.timer.running and not self.ticker.isActive():
            self.ticker.start()
        self.refresh()
        return True

    def start_round(self) -> None:
        round_id = self.round_combo.currentData()
        if round_id:
            self._run(self.live.start_round, round_id)

    def next_bank_question(self) -> None:
        live = self.live
        if live is None:
            return
        info = live.round
        reserved = bool(info and info.rule.kind == KIND_EXTRA)
        used = used_question_ids(live.db) | set(live.state.used_question_keys)
        candidates = [
            q for _, q in bank_questions(live.db, reserved=reserved) if q.question_id not in used
        ]
        if not candidates:
            restyle(self.status_label, "color: #b00020;")
            self.status_label.setText(tr("final.console.bank_empty"))
            return
        self._run(live.open_question, candidates[0])

    def type_question(self) -> None:
        if self.live is None:
            return
        dialog = QuestionDialog(self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._run(self.live.open_question, dialog.question())
        self.setFocus()

    def choose(self, team_id: str) -> None:
        self._run(self.live.choose, team_id)

    def buzz(self, team_id: str) -> None:
        self._run(self.live.buzz, team_id)

    def answer(self, outcome: str) -> None:
        self._run(self.live.answer, outcome)

    def next_stake(self) -> None:
        self._run(self.live.next_stake)

    def toggle_timer(self) -> None:
        self._run(self.live.toggle_timer)

    def reveal(self) -> None:
        self._run(self.live.reveal_next)

    def undo(self) -> None:
        self._run(self.live.undo)

    def redo(self) -> None:
        self._run(self.live.redo)

    def correct(self) -> None:
        if self.live is None:
            return
        dialog = CorrectionDialog(self.live, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._run(
                self.live.correct,
                dialog.team.currentData(),
                dialog.points.value(),
                dialog.reason.text(),
            )
        self.setFocus()

    def start_tiebreak(self) -> None:
        live = self.live
        if live is None:
            return
        try:
            info = final_setup.add_tiebreak_round(live.db, live.final_id)
        except FinalError as error:
            restyle(self.status_label, "color: #b00020;")
            self.status_label.setText(error.message.render())
            return
        live.reload()
        self._fill_rounds()
        self.round_combo.setCurrentIndex(self.round_combo.findData(info.id))
        self._run(live.start_round, info.id)

    def toggle_projector(self) -> None:
        if self.projector is not None and self.projector.isVisible():
            self.projector.close()
            return
        if self.projector is None:
            self.projector = ProjectorWindow()
        self.projector.place(self.window())
        if self.live is not None:
            self.projector.show_live(self.live)

    # -- keyboard
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.live is None or event.isAutoRepeat():
            super().keyPressEvent(event)
            return
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
            return
        if event.matches(QKeySequence.StandardKey.Redo) or (
            event.key() == Qt.Key.Key_Y and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.redo()
            return
        name = key_name(event)
        for team in self.live.setup.teams:
            if team.buzzer_key and team.buzzer_key.upper() == name.upper():
                self.buzz(team.team_id)
                return
        if (
            event.modifiers()
            & ~Qt.KeyboardModifier.KeypadModifier
            & ~Qt.KeyboardModifier.ShiftModifier
        ):
            super().keyPressEvent(event)
            return
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            index = key - Qt.Key.Key_1
            if index < len(self.live.setup.teams):
                self.choose(self.live.setup.teams[index].team_id)
            return
        handlers = {
            Qt.Key.Key_R: lambda: self.answer("right"),
            Qt.Key.Key_W: lambda: self.answer("wrong"),
            Qt.Key.Key_N: lambda: self.answer("none"),
            Qt.Key.Key_S: self.next_stake,
            Qt.Key.Key_Space: self.toggle_timer,
            Qt.Key.Key_P: self.reveal,
            Qt.Key.Key_Return: self.next_bank_question,
            Qt.Key.Key_Enter: self.next_bank_question,
        }
        handler = handlers.get(Qt.Key(key))
        if handler is None:
            super().keyPressEvent(event)
            return
        handler()

    def closeProjector(self) -> None:
        if self.projector is not None:
            self.projector.close()
            self.projector.deleteLater()
            self.projector = None
