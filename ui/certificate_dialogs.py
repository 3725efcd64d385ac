"""Dialogs of the Print page: a tier, an award typed by hand, an award rule (final ranks, exam
ranks or scores, volunteer hours) with a preview, paying prizes, and a certificate batch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from outreach.awards import awards as awards_api
from outreach.awards.awards import Band, Proposal, Recipient, Tier
from outreach.awards.certificate_batch import BatchRequest
from outreach.awards.payouts import format_yuan
from outreach.i18n import current_language, msg, tr, with_detail
from outreach.printing.certificates import Layout
from outreach.printing.font_doctor import FontCandidate
from ui.budget_dialogs import MoneyEdit
from ui.file_dialogs import ask_save_path
from ui.inventory_dialogs import FormDialog, date_edit, date_text
from ui.inventory_views import RowsView
from ui.table_models import Column


def layout_combo(
    layouts: Sequence[Layout], current: str | None = None, own: bool = False
) -> QComboBox:
    combo = QComboBox()
    if own:
        combo.addItem(tr("awards.ui.own_layout"), "")
    for layout in layouts:
        combo.addItem(layout.title(current_language()), layout.id)
    if current:
        index = combo.findData(current)
        if index >= 0:
            combo.setCurrentIndex(index)
    return combo


def tier_combo(tiers: Sequence[Tier], current: str | None = None) -> QComboBox:
    combo = QComboBox()
    for tier in tiers:
        combo.addItem(with_detail(tier.name, f"¥{format_yuan(tier.prize_fen)}"), tier.id)
    if current:
        index = combo.findData(current)
        if index >= 0:
            combo.setCurrentIndex(index)
    return combo


class TierDialog(FormDialog):
    def __init__(self, parent, db, layouts: Sequence[Layout], tier: Tier | None = None) -> None:
        super().__init__(parent, tr("awards.ui.edit_tier" if tier else "awards.ui.add_tier"))
        self.db = db
        self.tier = tier
        self.name = QLineEdit(tier.name if tier else "")
        self.preview = QLabel()
        self.prize = MoneyEdit(tier.prize_fen if tier else 8000, self.preview)
        self.layout_box = layout_combo(layouts, tier.layout_id if tier else "honour")
        self.form.addRow(tr("awards.column.tier"), self.name)
        self.form.addRow(tr("awards.ui.prize_yuan"), self.prize)
        self.form.addRow("", self.preview)
        self.form.addRow(tr("awards.column.layout"), self.layout_box)

    def save(self) -> Tier:
        fen = self.prize.fen() if self.prize.text().strip() else 0
        if self.tier is None:
            return awards_api.add_tier(
                self.db, self.name.text(), fen, self.layout_box.currentData()
            )
        return awards_api.update_tier(
            self.db,
            self.tier.id,
            name=self.name.text(),
            prize_fen=fen,
            layout_id=self.layout_box.currentData(),
        )


class ManualAwardDialog(FormDialog):
    def __init__(self, parent, db) -> None:
        super().__init__(parent, tr("awards.ui.add_by_hand"))
        self.db = db
        self.tier = tier_combo(awards_api.list_tiers(db))
        self.name = QLineEdit()
        self.class_name = QLineEdit()
        self.team = QLineEdit()
        self.hours = QDoubleSpinBox()
        # 0 is "none" (a certificate that prints no hours); the volunteer certificate needs
        # more than 0, which the domain checks and names
        self.hours.setRange(0, awards_api.MAX_CERTIFICATE_HOURS)
        self.hours.setDecimals(1)
        self.hours.setSpecialValueText(tr("awards.ui.no_hours"))
        self.form.addRow(tr("awards.column.tier"), self.tier)
        self.form.addRow(tr("awards.column.name"), self.name)
        self.form.addRow(tr("awards.column.class"), self.class_name)
        self.form.addRow(tr("awards.column.team"), self.team)
        self.form.addRow(tr("awards.column.hours"), self.hours)

    def save(self):
        hours = self.hours.value() or None
        recipient = Recipient(
            self.name.text(), self.class_name.text(), self.team.text(), hours=hours
        )
        return awards_api.add_manual_award(self.db, self.tier.currentData(), recipient)


PROPOSAL_COLUMNS = [
    Column("awards.column.tier", lambda p: p.tier.name, sort_key=lambda p: p.tier.sort_order),
    Column(
        "awards.column.rank",
        lambda p: p.recipient.rank or "",
        sort_key=lambda p: p.recipient.rank or 0,
    ),
    Column("awards.column.name", lambda p: p.recipient.name),
    Column("awards.column.class", lambda p: p.recipient.class_name),
    Column("awards.column.team", lambda p: p.recipient.team),
    Column(
        "awards.column.state",
        lambda p: tr("awards.ui.already_awarded") if p.duplicate else tr("awards.ui.new"),
        colour=lambda p: "#777777" if p.duplicate else None,
    ),
]


class RuleDialog(FormDialog):
    """Award tiers from a source: a final's ranks, an exam's ranks or score thresholds, or the
    volunteers' hours. The preview lists who gets what before anything is written."""

    def __init__(self, parent, db, source: str) -> None:
        super().__init__(parent, tr(f"awards.ui.rule_{source}"))
        self.setMinimumWidth(640)
        self.db = db
        self.source = source
        self.tiers = awards_api.list_tiers(db)
        self.choice = QComboBox()
        self.by_score = QCheckBox(tr("awards.ui.by_score"))
        self.min_hours = QDoubleSpinBox()
        self.min_hours.setRange(0, 1000)
        self.min_hours.setValue(4)
        if source == "final":
            for final_id, name in awards_api.list_finals(db):
                self.choice.addItem(name or final_id, final_id)
            self.form.addRow(tr("awards.ui.final"), self.choice)
        elif source == "exam":
            for exam_id, name in awards_api.list_exams(db):
                self.choice.addItem(name or exam_id, exam_id)
            self.form.addRow(tr("awards.ui.exam"), self.choice)
            self.form.addRow("", self.by_score)
        else:
            self.form.addRow(tr("awards.ui.min_hours"), self.min_hours)
        self.bands: list[tuple[Tier, QSpinBox, QSpinBox, QDoubleSpinBox]] = []
        defaults = {name: (low, high) for low, high, name in awards_api.DEFAULT_FINAL_BANDS}
        for tier in self.tiers:
            if source == "volunteer" and tier.layout_id != "volunteer":
                continue
            if source != "volunteer" and tier.layout_id == "volunteer":
                continue
            row = QHBoxLayout()
            low, high = QSpinBox(), QSpinBox()
            for spin in (low, high):
                spin.setRange(0, 999)
                spin.setSpecialValueText("—")
            score = QDoubleSpinBox()
            score.setRange(0, 1000)
            score.setSpecialValueText("—")
            if source == "volunteer":
                low.setValue(1)
            elif tier.name in defaults:
                low.setValue(defaults[tier.name][0])
                high.setValue(defaults[tier.name][1] or 0)
            row.addWidget(QLabel(tr("awards.ui.rank_from")))
            row.addWidget(low)
            row.addWidget(QLabel(tr("awards.ui.rank_to")))
            row.addWidget(high)
            row.addWidget(QLabel(tr("awards.ui.min_score")))
            row.addWidget(score)
            holder = QWidget()
            holder.setLayout(row)
            self.form.addRow(tier.name, holder)
            self.bands.append((tier, low, high, score))
        self.preview_button = QPushButton(tr("awards.ui.preview"))
        self.preview_button.clicked.connect(lambda _c=False: self.refresh())
        self.summary = QLabel()
        self.view = RowsView(PROPOSAL_COLUMNS)
        self.view.setMinimumHeight(220)
        self.form.addRow(self.preview_button, self.summary)
        self.form.addRow(self.view)
        self.by_score.toggled.connect(lambda _b: self._mode())
        self._mode()
        self.proposals: list[Proposal] = []
        if self.choice.count() or source == "volunteer":
            self.refresh()
        else:
            self.show_error(tr("awards.ui.no_source", source=tr(f"awards.source.{source}")))

    def _mode(self) -> None:
        scored = self.by_score.isChecked()
        for _tier, low, high, score in self.bands:
            low.setEnabled(not scored)
            high.setEnabled(not scored)
            score.setEnabled(scored)

    def band_list(self) -> list[Band]:
        bands = []
        for tier, low, high, score in self.bands:
            if self.by_score.isChecked():
                if score.value() > 0:
                    bands.append(Band(tier.id, min_score=score.value()))
            elif low.value() > 0:
                bands.append(Band(tier.id, low.value(), high.value() or None))
        if self.by_score.isChecked():
            bands.sort(key=lambda b: -(b.min_score or 0))
        return bands

    def candidates(self) -> list[Recipient]:
        if self.source == "final":
            return awards_api.final_candidates(self.db, self.choice.currentData())
        if self.source == "exam":
            return awards_api.exam_candidates(self.db, self.choice.currentData())
        return awards_api.volunteer_candidates(self.db, self.min_hours.value())

    def _no_source(self) -> bool:
        # No final or exam to rank yet (a new programme): Preview and OK raised an internal
        # "No final “None”" error; they repeat the reason instead.
        return self.source != "volunteer" and self.choice.currentData() is None

    def refresh(self) -> None:
        if self._no_source():
            self.proposals = []
            self.view.set_rows([])
            self.summary.setText("")
            self.show_error(tr("awards.ui.no_source", source=tr(f"awards.source.{self.source}")))
            return
        try:
            self.proposals = awards_api.propose(
                self.db,
                self.candidates(),
                self.band_list(),
                self.source,
                self.choice.currentData() if self.source != "volunteer" else None,
            )
        except ValueError as error:
            message = getattr(error, "message", None)
            self.show_error(message.render() if message else str(error))
            self.proposals = []
        else:
            self.show_error("")
        self.view.set_rows(self.proposals)
        new = sum(not p.duplicate for p in self.proposals)
        self.summary.setText(tr("awards.ui.preview_summary", new=new, total=len(self.proposals)))

    def save(self):
        if self._no_source():
            raise ValueError(tr("awards.ui.no_source", source=tr(f"awards.source.{self.source}")))
        self.refresh()
        return awards_api.grant(self.db, self.proposals)


class PayDialog(FormDialog):
    """Date and receipt of a prize payout; ``save(day, receipt)`` records it (a refusal is
    shown in the dialog)."""

    def __init__(self, parent, count: int, total_fen: int, save=None) -> None:
        super().__init__(parent, tr("awards.ui.pay"))
        self._save = save
        self.day = date_edit()
        self.receipt = QLineEdit()
        self.form.addRow(
            QLabel(tr("awards.ui.pay_summary", count=count, total=format_yuan(total_fen)))
        )
        self.form.addRow(tr("awards.ui.paid_on"), self.day)
        self.form.addRow(tr("awards.ui.receipt"), self.receipt)

    def save(self):
        day, receipt = dt.date.fromisoformat(date_text(self.day)), self.receipt.text().strip()
        return self._save(day, receipt) if self._save else (day, receipt)


class BatchDialog(FormDialog):
    """Layout, font, date, 补发, and where the PDF (and the per-person PDFs) go."""

    def __init__(
        self,
        parent,
        layouts: Sequence[Layout],
        fonts: Sequence[FontCandidate],
        *,
        count: int,
        layout_id: str | None,
        font_key: str,
        direct: bool = False,
    ) -> None:
        super().__init__(parent, tr("awards.ui.print_direct" if direct else "awards.ui.print_pdf"))
        self.direct = direct
        self.layout_box = layout_combo(layouts, layout_id, own=True)
        self.font_box = QComboBox()
        for font in fonts:
            if font.usable:
                self.font_box.addItem(with_detail(font.family, font.path.name), font.key)
        index = self.font_box.findData(font_key)
        self.font_box.setCurrentIndex(max(index, 0))
        self.day = date_edit()
        self.reissue = QCheckBox(tr("awards.ui.reissue"))
        self.out = QLineEdit()
        browse = QPushButton(tr("awards.ui.browse"))
        browse.clicked.connect(lambda _c=False: self._choose_out())
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        self.split = QCheckBox(tr("awards.ui.split"))
        self.split_dir = QLineEdit()
        split_browse = QPushButton(tr("awards.ui.browse"))
        split_browse.clicked.connect(lambda _c=False: self._choose_dir())
        split_row = QHBoxLayout()
        split_row.addWidget(self.split_dir, 1)
        split_row.addWidget(split_browse)
        self.form.addRow(QLabel(tr("awards.ui.batch_count", count=count)))
        self.form.addRow(tr("certificates.ui.layout"), self.layout_box)
        self.form.addRow(tr("awards.ui.font"), self.font_box)
        self.form.addRow(tr("awards.ui.date"), self.day)
        self.form.addRow("", self.reissue)
        if not direct:
            self.form.addRow(tr("awards.ui.output"), out_row)
            self.form.addRow(self.split, split_row)

    def _choose_out(self) -> None:
        path = ask_save_path(
            self, tr("awards.ui.print_pdf"), "certificates.pdf", "awards.ui.pdf_filter"
        )
        if path:
            self.out.setText(path)

    def _choose_dir(self) -> None:
        path = QFileDialog.getExistingDirectory(self, tr("awards.ui.split"))
        if path:
            self.split_dir.setText(path)
            self.split.setChecked(True)

    def save(self) -> BatchRequest:
        out = self.out.text().strip()
        split = self.split_dir.text().strip() if self.split.isChecked() else ""
        if not self.direct and not out and not split:
            raise awards_api.AwardsError(msg("awards.error.no_output"))
        return BatchRequest(
            layout_id=self.layout_box.currentData() or None,
            out=Path(out) if out else None,
            split_dir=Path(split) if split else None,
            font_key=self.font_box.currentData(),
            issued_on=dt.date.fromisoformat(date_text(self.day)),
            reissue=self.reissue.isChecked(),
        )
