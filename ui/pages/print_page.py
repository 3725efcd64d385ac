"""Print page (证书打印): awards and prize money, the certificate designer, the certificate
register with verification, and the font doctor."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from outreach.awards import awards as awards_api
from outreach.awards import certificate_batch as batch
from outreach.awards import payouts, register
from outreach.awards.awards import Award, Tier
from outreach.awards.certificate_batch import BatchRequest, MissingGlyphsError
from outreach.awards.commands import overflow_lines, verification_text
from outreach.awards.payouts import format_yuan
from outreach.i18n import current_language, join_list, tr, with_detail
from outreach.printing import font_doctor
from outreach.printing.font_doctor import FontCandidate, MissingCharacter
from ui.certificate_designer import CertificateDesigner
from ui.certificate_dialogs import BatchDialog, ManualAwardDialog, PayDialog, RuleDialog, TierDialog
from ui.context import AppContext
from ui.file_dialogs import ask_save_path
from ui.font_warnings import go_on_despite_missing
from ui.inventory_dialogs import ReasonDialog
from ui.inventory_views import RowsView, export_with_dialog
from ui.pages.base import Page, heading_label
from ui.print_language import PrintLanguageBox
from ui.table_models import ROW_ROLE, Column
from ui.tasks import run_task

RED = "#b00020"
GREEN = "#1b7f3b"

AWARD_COLUMNS = [
    Column("awards.column.tier", lambda a: a.tier_name, sort_key=lambda a: a.tier_order),
    Column("awards.column.name", lambda a: a.name),
    Column("awards.column.class", lambda a: a.recipient.class_name),
    Column("awards.column.team", lambda a: a.recipient.team),
    Column(
        "awards.column.rank",
        lambda a: a.recipient.rank or "",
        sort_key=lambda a: a.recipient.rank or 0,
        align_right=True,
    ),
    Column("awards.column.source", lambda a: tr(f"awards.source.{a.source}")),
    Column(
        "awards.column.prize",
        lambda a: format_yuan(a.prize_fen) if a.prize_fen else "",
        sort_key=lambda a: a.prize_fen,
        align_right=True,
    ),
    Column(
        "awards.column.paid",
        # from the budget ledger: a reversed payout shows as unpaid
        lambda a: payouts.payout_state(a, tr),
        sort_key=lambda a: (a.prize_fen > 0, a.paid, a.paid_on or ""),
        colour=lambda a: GREEN if a.paid else (RED if a.prize_fen else None),
    ),
    Column("awards.column.serial", lambda a: a.serial or ""),
]

TIERS_PANEL_MAX = 340  # pixels

TIER_COLUMNS = [
    Column("awards.column.tier", lambda t: t.name, sort_key=lambda t: t.sort_order),
    Column(
        "awards.column.prize",
        lambda t: format_yuan(t.prize_fen),
        sort_key=lambda t: t.prize_fen,
        align_right=True,
    ),
]

REGISTER_COLUMNS = [
    Column("awards.column.serial", lambda c: c.serial),
    Column("awards.column.name", lambda c: c.recipient_name),
    Column("awards.column.tier", lambda c: c.award_name),
    Column("awards.column.issued_on", lambda c: c.issued_on),
    Column("awards.column.code", lambda c: c.verify_code),
    Column("awards.column.prints", lambda c: c.prints, align_right=True),
    Column(
        "awards.column.reissues",
        lambda c: tr("awards.reissue_mark") + f" ×{c.reissues}" if c.reissues else "",
        colour=lambda c: RED if c.reissues else None,
    ),
    Column("awards.column.last_printed", lambda c: c.last_printed_at.replace("T", " ")),
]

FONT_COLUMNS = [
    Column("fonts.column.family", lambda f: f.family + (" ✓" if f.chosen else "")),
    Column("fonts.column.file", lambda f: "" if f.font.bundled else str(f.font.path)),
    Column(
        "fonts.column.verdict",
        lambda f: tr("fonts.ui.usable") if f.font.usable else str(f.font.reason),
        colour=lambda f: GREEN if f.font.usable else RED,
    ),
]

MISSING_COLUMNS = [
    Column("fonts.column.char", lambda m: m.char),
    Column("fonts.column.codepoint", lambda m: f"{m.codepoint} {m.unicode_name}"),
    Column("fonts.column.count", lambda m: len(m.owners), align_right=True),
    Column("fonts.column.owners", lambda m: join_list(m.owners)),
]


class FontRow:
    def __init__(self, font: FontCandidate, chosen: bool) -> None:
        self.font = font
        self.chosen = chosen

    @property
    def family(self) -> str:
        # Read when shown, so that switching the language relabels the bundled font.
        font = self.font
        return font.family if not font.bundled else with_detail(font.family, tr("fonts.ui.bundled"))


class MultiRowsView(RowsView):
    """A RowsView where several rows can be selected (print or pay a selection)."""

    def __init__(self, columns, parent=None) -> None:
        super().__init__(columns, parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)

    def selected_rows(self) -> list:
        model = self.selectionModel()
        if model is None:
            return []
        return [self.proxy.data(index, ROW_ROLE) for index in model.selectedRows()]


class PrintPage(Page):
    page_id = "print"
    title_key = "nav.print"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.task = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        heading = heading_label()
        self.texts.bind(heading.setText, "nav.print")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._build_awards_tab(), "")
        self.designer = CertificateDesigner(context)
        self.tabs.addTab(self.designer, "")
        self.tabs.addTab(self._build_register_tab(), "")
        self.tabs.addTab(self._build_fonts_tab(), "")
        self.texts.tab_titles(
            self.tabs,
            (
                "awards.ui.tab_awards",
                "awards.ui.tab_designer",
                "awards.ui.tab_register",
                "awards.ui.tab_fonts",
            ),
        )
        context.data_changed.connect(self._data_changed)
        self.reload()

    # -- building
    def _build_awards_tab(self) -> QWidget:
        tab = QWidget()
        outer = QVBoxLayout(tab)
        event_row = QHBoxLayout()
        event_label = QLabel()
        self.texts.bind(event_label.setText, "awards.ui.event_name")
        self.event_edit = QLineEdit()
        self.event_edit.editingFinished.connect(self._event_edited)
        event_row.addWidget(event_label)
        event_row.addWidget(self.event_edit, 1)
        # Volunteers' certificates (自愿参加…) name the outreach programme, not the competition.
        volunteer_label = QLabel()
        self.texts.bind(volunteer_label.setText, "awards.ui.volunteer_event_name")
        self.volunteer_event_edit = QLineEdit()
        self.volunteer_event_edit.editingFinished.connect(self._volunteer_event_edited)
        event_row.addWidget(volunteer_label)
        event_row.addWidget(self.volunteer_event_edit, 1)
        # For the sign-off sheet and the certificates' dates (beside the event name, as the
        # button bar below is full).
        self.print_language = PrintLanguageBox(self.context)
        event_row.addWidget(self.print_language)
        outer.addLayout(event_row)
        bar = QHBoxLayout()
        self.grant_button = QPushButton()
        self.texts.bind(self.grant_button.setText, "awards.ui.grant")
        grant_menu = QMenu(self.grant_button)
        self.grant_actions = {}
        for source in ("final", "exam", "volunteer"):
            action = grant_menu.addAction("")
            self.texts.bind(action.setText, f"awards.ui.rule_{source}")
            action.triggered.connect(lambda _c=False, s=source: self.grant_from(s))
            self.grant_actions[source] = action
        self.grant_button.setMenu(grant_menu)
        bar.addWidget(self.grant_button)
        bar.addWidget(self.texts.button("awards.ui.add_by_hand", self.add_by_hand))
        self.delete_button = self.texts.button("awards.ui.delete", self.delete_awards)
        bar.addWidget(self.delete_button)
        bar.addStretch(1)
        self.pay_button = self.texts.button("awards.ui.pay", self.pay)
        bar.addWidget(self.pay_button)
        self.reverse_button = self.texts.button("awards.ui.reverse_payout", self.reverse_payout)
        bar.addWidget(self.reverse_button)
        bar.addWidget(self.texts.button("awards.ui.signoff", self.print_signoff))
        bar.addWidget(self.texts.button("awards.ui.export_awards", self.export_awards))
        self.print_button = self.texts.button(
            "awards.ui.print_pdf", lambda: self.print_batch(False)
        )
        self.direct_button = self.texts.button(
            "awards.ui.print_direct", lambda: self.print_batch(True)
        )
        bar.addWidget(self.print_button)
        bar.addWidget(self.direct_button)
        outer.addLayout(bar)
        self.selection_hint = QLabel()
        self.selection_hint.setStyleSheet("color: #555;")
        outer.addWidget(self.selection_hint)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.awards_view = MultiRowsView(AWARD_COLUMNS)
        self.awards_view.selectionModel().selectionChanged.connect(lambda *_: self._hint())
        self.awards_view.doubleClicked.connect(lambda _i: self._open_in_designer())
        splitter.addWidget(self.awards_view)
        tiers = QWidget()
        tiers_layout = QVBoxLayout(tiers)
        tiers_layout.setContentsMargins(0, 0, 0, 0)
        tiers_label = QLabel()
        self.texts.bind(tiers_label.setText, "awards.ui.tiers")
        self.layout_titles: dict[str, str] = {}
        layout_column = Column(
            "awards.column.layout",
            lambda t: self.layout_titles.get(t.layout_id, t.layout_id),
            tooltip=lambda t: self.layout_titles.get(t.layout_id, t.layout_id),
        )
        self.tiers_view = RowsView([*TIER_COLUMNS, layout_column])
        self.tiers_view.doubleClicked.connect(lambda _i: self.edit_tier())
        tier_bar = QHBoxLayout()
        tier_bar.addWidget(self.texts.button("awards.ui.add_tier", self.add_tier))
        tier_bar.addWidget(self.texts.button("awards.ui.edit_tier", self.edit_tier))
        tier_bar.addWidget(self.texts.button("awards.ui.delete_tier", self.delete_tier))
        tiers_layout.addWidget(tiers_label)
        tiers_layout.addWidget(self.tiers_view, 1)
        tiers_layout.addLayout(tier_bar)
        splitter.addWidget(tiers)
        # The tiers keep the width their columns need (set in reload); the awards take the rest.
        self.tiers_panel = tiers
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([900, 300])
        outer.addWidget(splitter, 1)
        return tab

    def _build_register_tab(self) -> QWidget:
        tab = QWidget()
        outer = QVBoxLayout(tab)
        verify_row = QHBoxLayout()
        verify_label = QLabel()
        self.texts.bind(verify_label.setText, "awards.ui.verify")
        self.verify_edit = QLineEdit()
        self.verify_edit.setPlaceholderText("2026-QZ-0001 ABCDEF")
        self.verify_edit.returnPressed.connect(self.verify)
        verify_row.addWidget(verify_label)
        verify_row.addWidget(self.verify_edit, 1)
        verify_row.addWidget(self.texts.button("awards.ui.verify_button", self.verify))
        outer.addLayout(verify_row)
        self.verify_result = QLabel()
        self.verify_result.setWordWrap(True)
        outer.addWidget(self.verify_result)
        bar = QHBoxLayout()
        bar.addWidget(self.texts.button("awards.ui.reprint", lambda: self.reprint(False)))
        bar.addWidget(self.texts.button("awards.ui.reprint_reissue", lambda: self.reprint(True)))
        bar.addStretch(1)
        bar.addWidget(self.texts.button("awards.ui.export_register", self.export_register))
        outer.addLayout(bar)
        layout_column = Column(
            "awards.column.layout", lambda c: self.layout_titles.get(c.layout_id, c.layout_id)
        )
        self.register_view = MultiRowsView(
            [*REGISTER_COLUMNS[:3], layout_column, *REGISTER_COLUMNS[3:]]
        )
        outer.addWidget(self.register_view, 1)
        return tab

    def _build_fonts_tab(self) -> QWidget:
        tab = QWidget()
        outer = QVBoxLayout(tab)
        explain = QLabel()
        explain.setWordWrap(True)
        self.texts.bind(explain.setText, "fonts.ui.explain")
        outer.addWidget(explain)
        bar = QHBoxLayout()
        bar.addWidget(self.texts.button("fonts.ui.use", self.use_font))
        bar.addWidget(self.texts.button("fonts.ui.check_names", self.check_names))
        bar.addStretch(1)
        outer.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.fonts_view = RowsView(FONT_COLUMNS)
        splitter.addWidget(self.fonts_view)
        missing = QWidget()
        missing_layout = QVBoxLayout(missing)
        missing_layout.setContentsMargins(0, 0, 0, 0)
        self.check_result = QLabel()
        self.check_result.setWordWrap(True)
        self.missing_view = RowsView(MISSING_COLUMNS)
        missing_layout.addWidget(self.check_result)
        missing_layout.addWidget(self.missing_view, 1)
        splitter.addWidget(missing)
        outer.addWidget(splitter, 1)
        return tab

    # -- data
    @property
    def db(self):
        return self.context.db

    def _data_changed(self, topic: str) -> None:
        if topic in ("awards", "teams", "final", "exam", "events", "budget"):
            self.reload()

    def may_leave_programme(self) -> bool:
        # the certificate designer's unsaved layout: Save / Discard / Cancel
        return self.designer.may_leave()

    def _fit_tiers_panel(self) -> None:
        """Wide enough for the tiers' columns, up to a limit that leaves the awards their room
        on a 1280-pixel screen (a longer layout name is elided, whole in its tooltip)."""
        self.tiers_panel.setMinimumWidth(min(self.tiers_view.content_width(), TIERS_PANEL_MAX))

    def _read_layout_titles(self) -> None:
        self.layout_titles = {
            layout.id: layout.title(current_language()) for layout in batch.list_layouts(self.db)
        }

    def retranslate(self) -> None:
        super().retranslate()
        if self.context.programme is not None:
            self._read_layout_titles()  # the tiers' layout column names them in the language
        for view in (
            self.awards_view,
            self.tiers_view,
            self.register_view,
            self.fonts_view,
            self.missing_view,
        ):
            view.rows_model.retranslate()
        self._fit_tiers_panel()
        self.designer.retranslate()
        self._summary()
        self._hint()

    def reload(self) -> None:
        has_programme = self.context.programme is not None
        self.setEnabled(has_programme)
        if not has_programme:
            for view in (self.awards_view, self.tiers_view, self.register_view):
                view.set_rows([])
            return
        self.event_edit.setText(awards_api.event_name(self.db))
        self.volunteer_event_edit.setText(awards_api.volunteer_event_name(self.db))
        for edit in (self.event_edit, self.volunteer_event_edit):
            edit.setCursorPosition(0)  # the start of a long name, not its end
        self.awards = awards_api.list_awards(self.db)
        self.awards_view.set_rows(self.awards)
        self._read_layout_titles()
        self.tiers_view.set_rows(awards_api.list_tiers(self.db))
        self._fit_tiers_panel()
        self.register_view.set_rows(register.list_certificates(self.db))
        sources = awards_api.available_sources(self.db)
        for source, action in self.grant_actions.items():
            action.setEnabled(sources.get(source, False))
        self.pay_button.setEnabled(payouts.ledger_available())
        self.reverse_button.setEnabled(payouts.ledger_available())
        self._reload_fonts()
        self.designer.reload(keep_layout=True)
        self._summary()
        self._hint()

    def _reload_fonts(self) -> None:
        chosen = awards_api.setting(self.db, "font", font_doctor.BUNDLED_KEY)
        self.fonts = font_doctor.list_fonts()
        self.fonts_view.set_rows([FontRow(f, f.key == chosen) for f in self.fonts])

    def _summary(self) -> None:
        if self.context.programme is None:
            self.summary.setText("")
            return
        awards = getattr(self, "awards", [])
        prize = sum(a.prize_fen for a in awards)
        paid = sum(a.paid_fen for a in awards)
        self.summary.setText(
            tr(
                "awards.ui.summary",
                awards=len(awards),
                certificates=sum(1 for a in awards if a.serial),
                prize=format_yuan(prize),
                paid=format_yuan(paid),
            )
        )

    def selected_awards(self) -> list[Award]:
        return self.awards_view.selected_rows()

    def _hint(self) -> None:
        selected = len(self.selected_awards()) if hasattr(self, "awards_view") else 0
        key = "awards.ui.selection_some" if selected else "awards.ui.selection_none"
        self.selection_hint.setText(tr(key, count=selected, total=len(getattr(self, "awards", []))))

    def _changed(self) -> None:
        self.reload()
        self.context.notify("awards")

    def _error(self, title_key: str, error: Exception) -> None:
        message = getattr(error, "message", None) or getattr(error, "reason", None)
        QMessageBox.warning(self, tr(title_key), message.render() if message else str(error))

    # -- awards
    def _event_edited(self) -> None:
        text = self.event_edit.text().strip()
        if text and text != awards_api.event_name(self.db):
            awards_api.rename_event(self.db, False, text)
            self._changed()

    def _volunteer_event_edited(self) -> None:
        text = self.volunteer_event_edit.text().strip()
        if text and text != awards_api.volunteer_event_name(self.db):
            awards_api.rename_event(self.db, True, text)
            self._changed()

    def grant_from(self, source: str) -> None:
        dialog = RuleDialog(self, self.db, source)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            granted = dialog.result_value or []
            self.context.status.emit(tr("awards.ui.granted", count=len(granted)))
            self._changed()

    def add_by_hand(self) -> None:
        if ManualAwardDialog(self, self.db).exec() == QDialog.DialogCode.Accepted:
            self._changed()

    def delete_awards(self) -> None:
        chosen = self.selected_awards()
        if not chosen:
            return
        answer = QMessageBox.question(
            self, tr("awards.ui.delete"), tr("awards.ui.delete_confirm", count=len(chosen))
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        problems = []
        for award in chosen:
            try:
                awards_api.delete_award(self.db, award.id)
            except awards_api.AwardsError as error:
                problems.append(error.message.render())
        if problems:
            QMessageBox.warning(self, tr("awards.ui.delete"), "\n".join(problems))
        self._changed()

    def _selected_tier(self) -> Tier | None:
        return self.tiers_view.selected_row()

    def add_tier(self) -> None:
        dialog = TierDialog(self, self.db, batch.list_layouts(self.db))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._changed()

    def edit_tier(self) -> None:
        tier = self._selected_tier()
        if tier is None:
            return
        dialog = TierDialog(self, self.db, batch.list_layouts(self.db), tier)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._changed()

    def delete_tier(self) -> None:
        tier = self._selected_tier()
        if tier is None:
            return
        try:
            awards_api.delete_tier(self.db, tier.id)
        except awards_api.AwardsError as error:
            self._error("awards.ui.delete_tier", error)
            return
        self._changed()

    def _open_in_designer(self) -> None:
        award = self.awards_view.selected_row()
        if award is None:
            return
        self.designer.select_layout(award.layout_id)
        self.designer.select_award(award.id)
        self.tabs.setCurrentWidget(self.designer)

    # -- money
    def pay(self) -> PayDialog | None:
        """Pay the selected (or all) unpaid prizes: one ledger expense each, one transaction;
        the dialog stays open with the reason when the ledger refuses."""
        chosen = self.selected_awards() or self.awards
        due = payouts.unpaid(chosen)
        if not due:
            QMessageBox.information(self, tr("awards.ui.pay"), tr("awards.ui.nothing_to_pay"))
            return None
        ids = [a.id for a in due]

        def save(day, receipt):
            return payouts.pay_awards(self.db, ids, day, receipt_no=receipt)

        dialog = PayDialog(self, len(due), sum(a.prize_fen for a in due), save)
        dialog.accepted.connect(lambda: self._paid(dialog.result_value or []))
        dialog.open()
        return dialog

    def _paid(self, paid: list) -> None:
        self.context.status.emit(tr("awards.ui.paid_done", count=len(paid)))
        self.reload()
        self.context.notify("budget")
        self.context.notify("awards")

    def reverse_payout(self) -> ReasonDialog | None:
        """Reverse the selected awards' payouts in the budget ledger (a reason is required);
        the awards turn unpaid and can be paid again."""
        chosen = [a for a in self.selected_awards() if a.paid]
        if not chosen:
            QMessageBox.information(
                self, tr("awards.ui.reverse_payout"), tr("awards.ui.nothing_to_reverse")
            )
            return None
        ids = [a.id for a in chosen]
        summary = tr(
            "awards.ui.reverse_summary",
            count=len(chosen),
            total=format_yuan(sum(a.paid_fen for a in chosen)),
        )
        summary += "\n" + join_list(a.name for a in chosen[:12]) + ("…" if len(chosen) > 12 else "")
        dialog = ReasonDialog(
            self,
            tr("awards.ui.reverse_payout"),
            summary,
            lambda reason, date: payouts.reverse_payouts(self.db, ids, reason, date=date),
        )
        dialog.accepted.connect(lambda: self._payouts_reversed(len(ids)))
        dialog.open()
        return dialog

    def _payouts_reversed(self, count: int) -> None:
        self.context.status.emit(tr("awards.ui.reversed_done", count=count))
        self.reload()
        self.context.notify("budget")
        self.context.notify("awards")

    def export_awards(self, path: str | None = None) -> int | None:
        return export_with_dialog(
            self,
            self.context,
            payouts.export_awards,
            "获奖名单.xlsx",
            lambda text: QMessageBox.information(self, tr("awards.ui.export_awards"), text),
            path,
        )

    def print_signoff(self) -> None:
        chosen = self.selected_awards()
        ids = [a.id for a in chosen] if chosen else None
        # a name the font cannot draw would print as a box where the recipient signs for the
        # money: said before the sheet is made, and printed only if the user goes on
        missing = payouts.signoff_font_check(self.db, ids)
        if missing and not go_on_despite_missing(
            self,
            tr("awards.ui.signoff"),
            tr("awards.signoff.missing_glyphs", count=len(missing)),
            missing,
        ):
            return
        path = ask_save_path(
            self, tr("awards.ui.signoff"), "prize-signoff.pdf", "awards.ui.pdf_filter"
        )
        if not path:
            return
        try:
            payouts.print_signoff_sheet(self.db, path, ids, language=self.print_language.language())
        except awards_api.AwardsError as error:
            self._error("awards.ui.signoff", error)
            return
        self.context.status.emit(tr("awards.cli.signoff.done", file=path))

    # -- certificates
    def _batch_awards(self) -> list[Award]:
        return self.selected_awards() or list(self.awards)

    def print_batch(self, direct: bool, awards: list[Award] | None = None) -> None:
        chosen = awards if awards is not None else self._batch_awards()
        if not chosen:
            QMessageBox.information(
                self, tr("awards.ui.print_pdf"), tr("awards.error.nothing_to_print")
            )
            return
        layouts = {a.layout_id for a in chosen}
        layout_id = layouts.pop() if len(layouts) == 1 else ""
        dialog = BatchDialog(
            self,
            batch.list_layouts(self.db),
            self.fonts,
            count=len(chosen),
            layout_id=layout_id,
            font_key=awards_api.setting(self.db, "font", font_doctor.BUNDLED_KEY),
            direct=direct,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        request: BatchRequest = dialog.result_value
        request.award_ids = [a.id for a in chosen]
        if not request.reissue:
            # as on the command line: a certificate printed before is printed again only when
            # asked (an accidental second batch registered every certificate as reprinted)
            try:
                printed = {a.id for a in batch.printed_before(self.db, request)}
            except awards_api.AwardsError as error:  # a layout gone meanwhile
                self._error("awards.ui.print_pdf", error)
                return
            if printed:
                new = [a for a in request.award_ids if a not in printed]
                choice = self._ask_printed_before(len(printed), len(request.award_ids), len(new))
                if choice is None:
                    return
                if choice == "new":
                    request.award_ids = new
        self.run_batch(request, direct)

    def _ask_printed_before(self, count: int, total: int, new: int) -> str | None:
        """ "new" (print only those not printed yet), "all" (reprint the others) or None."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            tr("awards.ui.print_pdf"),
            tr("awards.ui.printed_before", count=count, total=total)
            if new
            else tr("awards.ui.all_printed_before", count=count),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        only_new = box.addButton(
            tr("awards.ui.print_new_only", new=new), QMessageBox.ButtonRole.AcceptRole
        )
        only_new.setVisible(new > 0)
        every = box.addButton(tr("awards.ui.reprint_all"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(only_new if new else QMessageBox.StandardButton.Cancel)
        self.printed_before_box = box  # for looking at it
        box.exec()
        clicked = box.clickedButton()
        return "new" if clicked is only_new else "all" if clicked is every else None

    def run_batch(self, request: BatchRequest, direct: bool):
        # Certificates are worded by their layout (the user's design): the date and the
        # reissue mark follow that wording, not the print language (wording_language).
        printer = None
        if direct:
            from PySide6.QtPrintSupport import QPrintDialog, QPrinter

            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            print_dialog = QPrintDialog(printer, self)
            if print_dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            request.out = Path(tempfile.mkdtemp(prefix="certificates-")) / "certificates.pdf"
        db = self.db

        def work(progress):
            result = batch.print_certificates(db, request, progress)
            if printer is not None:
                from ui.certificate_pdf import print_pdf

                print_pdf(printer, request.out, progress)
            return result

        def done(result) -> None:
            where = str(request.out or request.split_dir)
            self.context.status.emit(
                tr("awards.cli.print.done", count=len(result.issued), file=where)
            )
            self.last_result = result
            self._changed()
            too_long = overflow_lines(result.render.overflowing)
            if too_long:
                QMessageBox.warning(self, tr("awards.ui.print_pdf"), "\n".join(too_long))

        def failed(error: Exception, _details: str) -> None:
            if isinstance(error, MissingGlyphsError):
                self.show_missing(error.missing, error.font.label)
                QMessageBox.warning(
                    self,
                    tr("awards.ui.print_pdf"),
                    "\n".join(line.render() for line in error.lines()[:12]),
                )
                return
            self._error("awards.ui.print_pdf", error)

        self.task = run_task(
            self,
            tr("awards.ui.printing"),
            work,
            on_done=done,
            on_error=failed,
            on_cancel=lambda: self.context.status.emit(tr("awards.ui.print_cancelled")),
        )
        return self.task

    # -- register
    def verify(self) -> None:
        text = self.verify_edit.text()
        if not text.strip():
            return
        result = register.verify(self.db, text)
        self.verify_result.setText(verification_text(result))
        colour = GREEN if result.valid else ("#b05a00" if result.status == "no_code" else RED)
        self.verify_result.setStyleSheet(f"color: {colour}; font-weight: bold;")
        if result.certificate is not None:
            self.register_view.select_where(lambda c: c.serial == result.serial)
        self.verify_edit.selectAll()

    def reprint(self, reissue: bool) -> None:
        chosen = self.register_view.selected_rows()
        if not chosen:
            QMessageBox.information(
                self, tr("awards.ui.reprint"), tr("awards.ui.choose_certificates")
            )
            return
        by_layout: dict[str, list[str]] = {}
        for certificate in chosen:
            by_layout.setdefault(certificate.layout_id, []).append(certificate.award_id)
        award_ids = [a for ids in by_layout.values() for a in ids]
        layout_id = next(iter(by_layout)) if len(by_layout) == 1 else ""
        awards = awards_api.list_awards(self.db, award_ids)
        dialog = BatchDialog(
            self,
            batch.list_layouts(self.db),
            self.fonts,
            count=len(awards),
            layout_id=layout_id,
            font_key=awards_api.setting(self.db, "font", font_doctor.BUNDLED_KEY),
        )
        dialog.reissue.setChecked(reissue)
        dialog.layout_box.setEnabled(False)  # a reprint keeps its certificate's layout
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        request = dialog.result_value
        request.award_ids = [a.id for a in awards]
        self.run_batch(request, False)

    def export_register(self) -> None:
        path = ask_save_path(
            self, tr("awards.ui.export_register"), "certificates.xlsx", "awards.ui.table_filter"
        )
        if not path:
            return
        count = register.export_certificates(self.context.programme, Path(path))
        self.context.status.emit(tr("cli.export.done", rows=count, file=path))

    # -- fonts
    def use_font(self) -> None:
        row = self.fonts_view.selected_row()
        if row is None:
            return
        if not row.font.usable:
            QMessageBox.warning(self, tr("fonts.ui.use"), str(row.font.reason))
            return
        awards_api.set_setting(self.db, "font", row.font.key)
        self._reload_fonts()
        self.designer.schedule_render()

    def check_names(self) -> list[MissingCharacter]:
        key = awards_api.setting(self.db, "font", font_doctor.BUNDLED_KEY)
        try:
            font = font_doctor.choose_font(key)
        except font_doctor.FontFileError as error:
            self._error("fonts.ui.check_names", error)
            return []
        awards = awards_api.list_awards(self.db)
        missing = batch.batch_font_check(self.db, BatchRequest(None, None), font)
        self.show_missing(missing, font.label, checked=len(awards))
        return missing

    def show_missing(
        self, missing: list[MissingCharacter], font_label: str, checked: int = 0
    ) -> None:
        self.missing_view.set_rows(missing)
        if missing:
            self.check_result.setText(
                tr("awards.cli.fonts.missing", font=font_label, count=len(missing))
            )
            self.check_result.setStyleSheet(f"color: {RED}; font-weight: bold;")
        else:
            self.check_result.setText(
                tr("awards.cli.fonts.all_covered", font=font_label, count=checked)
            )
            self.check_result.setStyleSheet(f"color: {GREEN};")
        self.tabs.setCurrentIndex(3)
