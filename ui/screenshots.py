"""Screenshots of every page with the demo programme, in Chinese and English, for looking at
the program as a person would and for the README tour.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python -m ui.screenshots OUTDIR
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from outreach import i18n
from ui.app import make_application
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.settings import AppSettings


def capture(out_dir: Path, languages=("zh_CN", "en"), size=(1280, 800)) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    app = make_application(sys.argv[:1])
    work = Path(tempfile.mkdtemp(prefix="outreach-shots-"))
    context = AppContext(AppSettings(work / "settings.ini"))
    window = MainWindow(context)
    window.resize(*size)
    window.show()
    window.open_demo(work / "demo.outreach.db")
    written = []
    for language in languages:
        context.set_language(language)
        i18n.set_language(language)
        for page in window.pages:
            window.go_to(page.page_id)
            for _ in range(5):
                app.processEvents()
            # Home reads its figures on a worker thread: wait for them (at most 10 s).
            deadline = time.monotonic() + 10
            while getattr(page, "reading", False) and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.01)
            target = out_dir / f"{language}-{page.page_id}.png"
            window.grab().save(str(target))
            written.append(target)
    window.close()
    context.replace_programme(None)
    return written


def main() -> int:
    out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    for path in capture(out_dir):
        print(path)
    QApplication.instance().quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
