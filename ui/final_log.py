"""The score log of a final (every event, undone ones marked), its export, and the printouts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from outreach.final.final_print import font_check, print_results, print_scoresheets
from outreach.final.log_export import LogLine, export_log, log_lines
from outreach.i18n import tr
from outreach.spreadsheets import TableError
from ui.context import AppContext
from ui.file_dialogs import ask_save_path, save_file_name
from ui.font_warnings import go_on_despite_missing
from ui.print_language import PrintLanguageBox
from ui.table_models import Column, RowsTableModel
from ui.texts import TextBinder


class FinalLog(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts = TextBinder()
        self.db = None
        self.final_id: str | None = None
        layout = QVBoxLayout(self)
        self.model: RowsTableModel[LogLine] = RowsTableModel(
            [
                Column("final.log.seq", lambda line: line.seq, align_right=True),
                Column("final.log.time", lambda line: line.at.replace("T", " ")),
                Column("final.log.round", lambda line: line.round_name),
                Column("final.log.action", lambda line: line.action),
                Column("final.log.team", lambda line: line.team_name),
                Column("final.log.points", lambda line: line.points or "", align_right=True),
                Column("final.log.detail", lambda line: line.detail),
                Column("final.log.reason", lambda line: line.reason),
                Column(
                    "final.log.state",
                    lambda line: line.in_force,
                    colour=lambda line: "#b00020" if line.in_force else None,
                ),
            ]
        )
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.export_button = QPushButton()
        self.scoresheet_button = QPushButton()
        self.results_button = QPushButton()
        self.texts.bind(self.export_button.setText, "final.log.export")
        self.texts.bind(self.scoresheet_button.setText, "final.log.print_scoresheets")
        self.texts.bind(self.results_button.setText, "final.log.print_results")
        self.export_button.clicked.connect(self.export)
        self.scoresheet_button.clicked.connect(
            lambda: self.print_pdf(print_scoresheets, "scoresheets")
        )
        self.results_button.clicked.connect(lambda: self.print_pdf(print_results, "results"))
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        self.print_language = PrintLanguageBox(context)
        buttons.addWidget(self.print_language)
        buttons.addWidget(self.scoresheet_button)
        buttons.addWidget(self.results_button)
        layout.addLayout(buttons)

    def set_final(self, db, final_id: str | None) -> None:
        self.db = db
        self.final_id = final_id
        self.reload()

    def reload(self) -> None:
        if self.db is None or self.final_id is None:
            self.model.set_rows([])
            self.setEnabled(False)
            return
        self.setEnabled(True)
        self.model.set_rows(log_lines(self.db, self.final_id))
        self.view.resizeColumnsToContents()
        self.view.scrollToBottom()

    def retranslate(self) -> None:
        self.texts.retranslate()
        self.model.retranslate()
        self.reload()

    def export(self) -> None:
        name = ask_save_path(
            self, tr("final.log.export"), str(Path.home() / "final-log.xlsx"), "final.log.filter"
        )
        if not name:
            return
        try:
            rows = export_log(self.db, Path(name), self.final_id)
        except TableError as error:
            QMessageBox.warning(self, tr("final.log.export"), error.message.render())
            return
        QMessageBox.information(
            self, tr("final.log.export"), tr("final.log.exported", rows=rows, path=name)
        )

    def print_pdf(self, printer, stem: str) -> None:
        missing = font_check(self.db, self.final_id)
        if missing and not go_on_despite_missing(
            self,
            tr("final.log.print"),
            tr("final.print.missing_glyphs_ask", count=len(missing)),
            missing,
        ):
            return
        name = save_file_name(
            self, tr("final.log.print"), str(Path.home() / f"final-{stem}.pdf"), "PDF (*.pdf)"
        )
        if not name:
            return
        path = printer(self.db, self.final_id, Path(name), language=self.print_language.language())
        QMessageBox.information(
            self, tr("final.log.print"), tr("final.cli.written", path=str(path))
        )
