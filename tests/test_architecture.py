"""The domain never depends on Qt or on the UI (DESIGN.md §2)."""

from __future__ import annotations

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parent.parent / "outreach"
FORBIDDEN = ("PySide6", "shiboken6", "ui")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_domain_never_imports_qt_or_ui():
    offenders = []
    files = sorted(DOMAIN.rglob("*.py"))
    assert files, "the domain package has modules"
    for path in files:
        for name in imported_modules(path):
            if name.split(".")[0] in FORBIDDEN:
                offenders.append(f"{path.relative_to(DOMAIN.parent)} imports {name}")
    assert offenders == []


def test_the_check_itself_catches_a_qt_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QWidget\nimport ui.app\n", encoding="utf-8")
    assert {"PySide6.QtWidgets", "ui.app"} <= imported_modules(bad)


def test_no_utils_module_names():
    root = DOMAIN.parent
    names = {p.stem for p in (root / "outreach").rglob("*.py")} | {
        p.stem for p in (root / "ui").rglob("*.py")
    }
    assert not names & {"utils", "helpers", "misc", "common"}


def test_every_save_dialog_goes_through_the_shared_helper():
    """A save dialog opened directly writes a name typed without an extension as it stands
    (``report`` instead of ``report.pdf``); ``ui/file_dialogs.py`` adds it by the filter."""
    ui = DOMAIN.parent / "ui"
    direct = [
        str(path.relative_to(ui.parent))
        for path in sorted(ui.rglob("*.py"))
        if path.name != "file_dialogs.py" and "getSaveFileName" in path.read_text(encoding="utf-8")
    ]
    assert direct == []
