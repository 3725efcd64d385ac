"""Set-up of a final: scoring (base score, prize cuts, tie-break ladder, hide bottom N), the
teams (finalists or chosen by hand, draw order, buzzer keys) and the rounds (presets, edit).
Locked once scoring starts; an unlock asks for a reason that goes into the log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from outreach.final import finals as setup
from outreach.final.finals import FinalError, FinalRound, FinalTeam
from outreach.final.rounds import ANSWER_MODES, KINDS, PRESETS, TURN_ORDERS, RoundRule
from outreach.final.sources import exams, finalists_of, roster_teams
from outreach.final.standings import CRITERIA
from outreach.i18n import current_language, tr, with_detail
from ui.final_console import ask_text, dialog_buttons, key_name
from ui.table_models import Column, RowsTableModel
from ui.texts import TextBinder

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent


RULE_COLUMN = 3  # of the rounds table


def _rule_summary(rule: RoundRule) -> str:
    if rule.uses_stakes:
        points = tr("final.print.rule_stakes", stakes=" / ".join(map(str, rule.stakes)))
    else:
        points = tr(
            "final.print.rule_points",
            right=rule.points_right,
            wrong=rule.points_wrong,
            none=rule.points_none,
        )
    text = f"{points} · {tr('final.print.rule_time', seconds=rule.time_limit_s)}"
    if rule.false_start_penalty:
        text += " · " + tr("final.print.rule_false_start", points=rule.false_start_penalty)
    return text


class RoundDialog(QDialog):
    def __init__(self, round_: FinalRound, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("final.setup.edit_round"))
        rule = round_.rule
        form = QFormLayout(self)
        self.name = QLineEdit(round_.name)
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(tr(PRESETS[kind].name_key), kind)
        self.kind.setCurrentIndex(KINDS.index(rule.kind))
        self.mode = QComboBox()
        for mode in ANSWER_MODES:
            self.mode.addItem(tr(f"final.answer_mode.{mode}"), mode)
        self.mode.setCurrentIndex(ANSWER_MODES.index(rule.answer_mode))
        self.order = QComboBox()
        for order in TURN_ORDERS:
            self.order.addItem(tr(f"final.turn_order.{order}"), order)
        self.order.setCurrentIndex(TURN_ORDERS.index(rule.turn_order))

        def spin(value: int, low: int = -1000, high: int = 1000) -> QSpinBox:
            box = QSpinBox()
            box.setRange(low, high)
            box.setValue(value)
            return box

        self.right = spin(rule.points_right)
        self.wrong = spin(rule.points_wrong)
        self.none = spin(rule.points_none)
        self.stakes = QLineEdit(", ".join(map(str, rule.stakes)))
        self.stakes.setPlaceholderText(tr("final.setup.stakes_hint"))
        self.penalty = spin(rule.false_start_penalty, 0, 1000)
        self.time_limit = spin(rule.time_limit_s, 0, 3600)
        self.per_team = spin(rule.questions_per_team, 1, 50)
        self.count = spin(rule.question_count, 1, 200)
        self.rotate = QCheckBox()
        self.rotate.setChecked(rule.rotate_members)
        form.addRow(tr("final.setup.round_name"), self.name)
        form.addRow(tr("final.setup.round_kind"), self.kind)
        form.addRow(tr("final.setup.answer_mode"), self.mode)
        form.addRow(tr("final.setup.turn_order"), self.order)
        form.addRow(tr("final.setup.points_right"), self.right)
        form.addRow(tr("final.setup.points_wrong"), self.wrong)
        form.addRow(tr("final.setup.points_none"), self.none)
        form.addRow(tr("final.setup.stakes"), self.stakes)
        form.addRow(tr("final.setup.false_start"), self.penalty)
        form.addRow(tr("final.setup.time_limit"), self.time_limit)
        form.addRow(tr("final.setup.per_team"), self.per_team)
        form.addRow(tr("final.setup.question_count"), self.count)
        form.addRow(tr("final.setup.rotate_members"), self.rotate)
        buttons = dialog_buttons(self)
        form.addRow(buttons)

    def accept(self) -> None:
        try:
            self.rule()
        except FinalError as error:  # stakes that are not numbers: say so, keep the dialog
            QMessageBox.warning(self, tr("final.setup.refused"), error.message.render())
            self.stakes.setFocus()
            return
        super().accept()

    def rule(self) -> RoundRule:
        stakes = setup.parse_stakes_text(self.stakes.text())
        return RoundRule(
            kind=self.kind.currentData(),
            answer_mode=self.mode.currentData(),
            points_right=self.right.value(),
            points_wrong=self.wrong.value(),
            points_none=self.none.value(),
            stakes=stakes,
            false_start_penalty=self.penalty.value(),
            time_limit_s=self.time_limit.value(),
            questions_per_team=self.per_team.value(),
            question_count=self.count.value(),
            turn_order=self.order.currentData(),
            rotate_members=self.rotate.isChecked(),
        )


class TeamsDialog(QDialog):
    """Choose the final's teams from the roster by hand (checked ones, in list order)."""

    def __init__(self, db, chosen: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("final.setup.choose_teams"))
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        for team in roster_teams(db):
            item = QListWidgetItem(with_detail(team.name, team.class_name))
            item.setData(Qt.ItemDataRole.UserRole, (team.team_id, team.name, team.class_name))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if team.team_id in chosen else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
        layout.addWidget(self.list)
        buttons = dialog_buttons(self)
        layout.addWidget(buttons)
        self.resize(420, 480)

    def chosen(self) -> list[tuple[str, str, str]]:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]


class KeyCaptureDialog(QDialog):
    """Press the buzzer (or any key) to bind it."""

    def __init__(self, team_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("final.setup.bind_buzzer"))
        layout = QVBoxLayout(self)
        label = QLabel(tr("final.setup.press_buzzer", team=team_name))
        label.setWordWrap(True)
        layout.addWidget(label)
        self.key = ""

    def keyPressEvent(self, event: QKeyEvent) -> None:

        if event.key() == Qt.Key.Key_Escape:
            self.reject()
            return
        self.key = key_name(event)
        self.accept()


class FinalSetup(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts = TextBinder()
        self.db = None
        self.final_id: str | None = None
        layout = QVBoxLayout(self)

        self.lock_label = QLabel()
        self.lock_label.setWordWrap(True)
        lock_row = QHBoxLayout()
        lock_row.addWidget(self.lock_label, 1)
        self.unlock_button = QPushButton()
        self.lock_button = QPushButton()
        self.texts.bind(self.unlock_button.setText, "final.setup.unlock")
        self.texts.bind(self.lock_button.setText, "final.setup.lock")
        self.unlock_button.clicked.connect(self.unlock)
        self.lock_button.clicked.connect(self.lock)
        lock_row.addWidget(self.unlock_button)
        lock_row.addWidget(self.lock_button)
        layout.addLayout(lock_row)

        scoring_box = QGroupBox()
        self.texts.bind(scoring_box.setTitle, "final.setup.scoring")
        form = QFormLayout(scoring_box)
        self.base_score = QSpinBox()
        self.base_score.setRange(0, 10000)
        self.prize_cuts = QLineEdit()
        self.hide_bottom = QSpinBox()
        self.hide_bottom.setRange(0, 8)
        self.ladder = QListWidget()
        self.ladder.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.ladder.setMaximumHeight(130)
        self.save_button = QPushButton()
        self.texts.bind(self.save_button.setText, "final.setup.save")
        self.save_button.clicked.connect(self.save_scoring)
        self.base_label, self.cuts_label, self.hide_label, self.ladder_label = (
            QLabel(),
            QLabel(),
            QLabel(),
            QLabel(),
        )
        self.texts.bind(self.base_label.setText, "final.setup.base_score")
        self.texts.bind(self.cuts_label.setText, "final.setup.prize_cuts")
        self.texts.bind(self.hide_label.setText, "final.setup.hide_bottom")
        self.texts.bind(self.ladder_label.setText, "final.setup.ladder")
        form.addRow(self.base_label, self.base_score)
        form.addRow(self.cuts_label, self.prize_cuts)
        form.addRow(self.hide_label, self.hide_bottom)
        form.addRow(self.ladder_label, self.ladder)
        form.addRow(self.save_button)

        teams_box = QGroupBox()
        self.texts.bind(teams_box.setTitle, "final.setup.teams")
        teams_layout = QVBoxLayout(teams_box)
        self.teams_model: RowsTableModel[FinalTeam] = RowsTableModel(
            [
                Column("final.print.draw", lambda t: t.position, align_right=True),
                Column("final.print.team", lambda t: t.name),
                Column("final.print.class", lambda t: t.class_name),
                Column("final.setup.buzzer", lambda t: t.buzzer_key),
            ]
        )
        self.teams_view = QTableView()
        self.teams_view.setModel(self.teams_model)
        self.teams_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.teams_view.verticalHeader().setVisible(False)
        self.teams_view.horizontalHeader().setStretchLastSection(True)
        teams_layout.addWidget(self.teams_view)
        team_buttons = QHBoxLayout()
        self.exam_combo = QComboBox()
        self.finalists_button = QPushButton()
        self.choose_button = QPushButton()
        self.draw_button = QPushButton()
        self.buzzer_button = QPushButton()
        self.texts.bind(self.finalists_button.setText, "final.setup.take_finalists")
        self.texts.bind(self.choose_button.setText, "final.setup.choose_teams")
        self.texts.bind(self.draw_button.setText, "final.setup.randomise_draw")
        self.texts.bind(self.buzzer_button.setText, "final.setup.bind_buzzer")
        self.finalists_button.clicked.connect(self.take_finalists)
        self.choose_button.clicked.connect(self.choose_teams)
        self.draw_button.clicked.connect(self.randomise)
        self.buzzer_button.clicked.connect(self.bind_buzzer)
        for widget in (
            self.exam_combo,
            self.finalists_button,
            self.choose_button,
            self.draw_button,
            self.buzzer_button,
        ):
            team_buttons.addWidget(widget)
        teams_layout.addLayout(team_buttons)

        rounds_box = QGroupBox()
        self.texts.bind(rounds_box.setTitle, "final.setup.rounds")
        rounds_layout = QVBoxLayout(rounds_box)
        self.rounds_model: RowsTableModel[FinalRound] = RowsTableModel(
            [
                Column("final.setup.col_position", lambda r: r.position, align_right=True),
                Column("final.setup.round_name", lambda r: r.name),
                Column(
                    "final.setup.answer_mode",
                    lambda r: tr(f"final.answer_mode.{r.rule.answer_mode}"),
                ),
                Column(
                    "final.setup.col_rule",
                    lambda r: _rule_summary(r.rule),
                    tooltip=lambda r: _rule_summary(r.rule),
                ),
            ]
        )
        self.rounds_view = QTableView()
        self.rounds_view.setModel(self.rounds_model)
        self.rounds_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rounds_view.verticalHeader().setVisible(False)
        # The rule wraps in the space left rather than being cut ("20 s per …" in English).
        self.rounds_view.setWordWrap(True)
        self.rounds_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.rounds_view.horizontalHeader().setSectionResizeMode(
            RULE_COLUMN, QHeaderView.ResizeMode.Stretch
        )
        self.rounds_view.doubleClicked.connect(lambda _index: self.edit_round())
        rounds_layout.addWidget(self.rounds_view)
        round_buttons = QHBoxLayout()
        self.add_round_button = QPushButton()
        self.add_menu = QMenu(self)
        self.add_round_button.setMenu(self.add_menu)
        self.edit_round_button = QPushButton()
        self.remove_round_button = QPushButton()
        self.up_button = QPushButton()
        self.down_button = QPushButton()
        self.texts.bind(self.add_round_button.setText, "final.setup.add_round")
        self.texts.bind(self.edit_round_button.setText, "final.setup.edit_round")
        self.texts.bind(self.remove_round_button.setText, "final.setup.remove_round")
        self.texts.bind(self.up_button.setText, "final.setup.up")
        self.texts.bind(self.down_button.setText, "final.setup.down")
        self.edit_round_button.clicked.connect(self.edit_round)
        self.remove_round_button.clicked.connect(self.remove_round)
        self.up_button.clicked.connect(lambda: self.move_round(-1))
        self.down_button.clicked.connect(lambda: self.move_round(1))
        for button in (
            self.add_round_button,
            self.edit_round_button,
            self.remove_round_button,
            self.up_button,
            self.down_button,
        ):
            round_buttons.addWidget(button)
        round_buttons.addStretch(1)
        rounds_layout.addLayout(round_buttons)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(scoring_box)
        left.addWidget(teams_box, 1)
        columns.addLayout(left, 1)
        columns.addWidget(rounds_box, 1)
        layout.addLayout(columns, 1)
        self._fill_add_menu()

    def _fill_add_menu(self) -> None:
        self.add_menu.clear()
        for kind in ("compulsory", "buzz", "risk", "custom"):
            action = self.add_menu.addAction(tr(PRESETS[kind].name_key))
            action.triggered.connect(lambda _=False, k=kind: self.add_round(k))

    def retranslate(self) -> None:
        self.texts.retranslate()
        self.teams_model.retranslate()
        self.rounds_model.retranslate()
        self._fill_add_menu()
        self.reload()

    # -- data
    def set_final(self, db, final_id: str | None) -> None:
        self.db = db
        self.final_id = final_id
        self.reload()

    def reload(self) -> None:
        enabled = self.db is not None and self.final_id is not None
        self.setEnabled(enabled)
        if not enabled:
            self.teams_model.set_rows([])
            self.rounds_model.set_rows([])
            self.lock_label.setText("")
            return
        final = setup.get_final(self.db, self.final_id)
        # Scoring typed but not saved survives a reload of the same final (adding a round,
        # taking the finalists…): it was silently put back to the saved values.
        typed = self._scoring_form() if self._scoring_unsaved() else None
        self._scoring_shown = (self.db, self.final_id, self._saved_scoring(final))
        base, cuts, hide, ladder = typed or self._saved_scoring(final)
        self.base_score.setValue(base)
        self.prize_cuts.setText(cuts)
        self.hide_bottom.setValue(hide)
        self.ladder.clear()
        for criterion, checked in ladder:
            item = QListWidgetItem(tr(CRITERIA[criterion][0]))
            item.setData(Qt.ItemDataRole.UserRole, criterion)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.ladder.addItem(item)
        self.teams_model.set_rows(setup.list_final_teams(self.db, self.final_id))
        self.rounds_model.set_rows(setup.list_rounds(self.db, self.final_id))
        self.teams_view.resizeColumnsToContents()
        self.rounds_view.resizeColumnsToContents()
        self.exam_combo.clear()
        for exam in exams(self.db):
            self.exam_combo.addItem(exam.name, exam.id)
        index = self.exam_combo.findData(final.exam_id) if final.exam_id else -1
        if index >= 0:
            self.exam_combo.setCurrentIndex(index)
        self.finalists_button.setEnabled(self.exam_combo.count() > 0)
        locked = setup.setup_locked(self.db, self.final_id)
        state = setup.state_of(self.db, self.final_id)
        if locked:
            self.lock_label.setText(tr("final.setup.locked"))
            self.lock_label.setStyleSheet("color: #b00020;")
        elif state.started:
            self.lock_label.setText(tr("final.setup.unlocked"))
            self.lock_label.setStyleSheet("color: #8a5a00;")
        else:
            self.lock_label.setText(tr("final.setup.editable"))
            self.lock_label.setStyleSheet("")
        self.unlock_button.setVisible(locked)
        self.lock_button.setVisible(state.started and not locked)

    @staticmethod
    def _saved_scoring(final) -> tuple:
        order = list(final.ladder) + [c for c in CRITERIA if c not in final.ladder]
        return (
            final.base_score,
            ", ".join(map(str, final.prize_cuts)),
            final.hide_bottom,
            tuple((c, c in final.ladder) for c in order),
        )

    def _scoring_form(self) -> tuple:
        return (
            self.base_score.value(),
            self.prize_cuts.text(),
            self.hide_bottom.value(),
            tuple(
                (
                    self.ladder.item(i).data(Qt.ItemDataRole.UserRole),
                    self.ladder.item(i).checkState() == Qt.CheckState.Checked,
                )
                for i in range(self.ladder.count())
            ),
        )

    def _scoring_unsaved(self) -> bool:
        """Whether the scoring form of the final shown differs from what was shown saved."""
        shown = getattr(self, "_scoring_shown", None)
        if shown is None or shown[0] is not self.db or shown[1] != self.final_id:
            return False
        return self._scoring_form() != shown[2]

    def _do(self, action, *args, **kwargs) -> bool:
        try:
            action(*args, **kwargs)
        except FinalError as error:
            QMessageBox.warning(self, tr("final.setup.refused"), error.message.render())
            self.reload()
            return False
        self.reload()
        self.changed.emit()
        return True

    def _selected_round(self) -> FinalRound | None:
        rows = (
            self.rounds_view.selectionModel().selectedRows()
            if self.rounds_view.selectionModel()
            else []
        )
        return self.rounds_model.row_at(rows[0].row()) if rows else None

    def _selected_team(self) -> FinalTeam | None:
        rows = (
            self.teams_view.selectionModel().selectedRows()
            if self.teams_view.selectionModel()
            else []
        )
        return self.teams_model.row_at(rows[0].row()) if rows else None

    # -- actions
    def save_scoring(self) -> None:
        try:
            cuts = setup.parse_prize_cuts(self.prize_cuts.text())
        except FinalError as error:
            QMessageBox.warning(self, tr("final.setup.refused"), error.message.render())
            self.prize_cuts.setFocus()
            return
        ladder = [
            self.ladder.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.ladder.count())
            if self.ladder.item(i).checkState() == Qt.CheckState.Checked
        ]
        final = setup.get_final(self.db, self.final_id)
        changes = {}
        if self.base_score.value() != final.base_score:
            changes["base_score"] = self.base_score.value()
        if tuple(cuts) != final.prize_cuts:
            changes["prize_cuts"] = sorted(set(cuts))
        if tuple(ladder) != final.ladder:
            changes["ladder"] = ladder
        if self.hide_bottom.value() != final.hide_bottom:
            changes["hide_bottom"] = self.hide_bottom.value()
        if changes and self._do(setup.update_final, self.db, self.final_id, **changes):
            self._scoring_shown = None  # saved: show it as stored ("1、3" becomes "1, 3")
            self.reload()

    def take_finalists(self) -> None:
        exam_id = self.exam_combo.currentData()
        if not exam_id:
            return
        teams, unsettled = finalists_of(self.db, exam_id)
        if unsettled:
            QMessageBox.warning(self, tr("final.setup.teams"), tr("final.setup.unsettled_tie"))
        if not teams:
            QMessageBox.information(self, tr("final.setup.teams"), tr("final.setup.no_finalists"))
            return
        if self._do(
            setup.set_teams,
            self.db,
            self.final_id,
            [(t.team_id, t.name, t.class_name) for t in teams],
        ):
            self._do(setup.update_final, self.db, self.final_id, exam_id=exam_id)

    def choose_teams(self) -> None:
        chosen = {t.team_id for t in setup.list_final_teams(self.db, self.final_id)}
        dialog = TeamsDialog(self.db, chosen, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._do(setup.set_teams, self.db, self.final_id, dialog.chosen())

    def randomise(self) -> None:
        self._do(setup.randomise_draw, self.db, self.final_id)

    def bind_buzzer(self) -> None:
        team = self._selected_team()
        if team is None:
            QMessageBox.information(
                self, tr("final.setup.bind_buzzer"), tr("final.setup.select_team")
            )
            return
        dialog = KeyCaptureDialog(team.name, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.key:
            self._do(setup.set_buzzer_key, self.db, self.final_id, team.team_id, dialog.key)

    def add_round(self, kind: str) -> None:
        self._do(setup.add_round, self.db, self.final_id, kind, language=current_language())

    def edit_round(self) -> None:
        round_ = self._selected_round()
        if round_ is None:
            return
        dialog = RoundDialog(round_, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._do(
                setup.update_round, self.db, round_.id, name=dialog.name.text(), rule=dialog.rule()
            )

    def remove_round(self) -> None:
        round_ = self._selected_round()
        if round_ is not None:
            self._do(setup.remove_round, self.db, round_.id)

    def move_round(self, offset: int) -> None:
        round_ = self._selected_round()
        if round_ is not None:
            self._do(setup.move_round, self.db, round_.id, offset)

    def unlock(self) -> None:
        reason, ok = ask_text(self, tr("final.setup.unlock"), tr("final.setup.unlock_reason"))
        if ok:
            self._do(setup.unlock_setup, self.db, self.final_id, reason)

    def lock(self) -> None:
        self._do(setup.lock_setup, self.db, self.final_id)
