"""Start-up: process start to main window shown with the demo programme loaded, as a ratio
against a bare PySide6 QMainWindow started the same way in the same run (issue 2: <= 1.5x).

Each child prints "shown" once its window is shown and the event loop has run; the parent
times from spawning the process to reading that line. Runs alternate to share the noise.
Home's figures are read on a worker thread once the window has shown; the time until they are
on screen is printed too (for information: the target is about the window).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 15  # medians of many alternating runs: this machine is shared and noisy
TARGET = 1.5

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1180, 760)
window.show()
def done():
    print("shown", flush=True)
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""

# The program started as `make run` starts it (main.py); a probe patches ui.app as it is
# imported, so the child imports nothing (PySide6 included) before the program does.
APP = """
import sys
sys.path.insert(0, {root!r})

def patch(ui_app):
    loaded = ui_app.first_programme
    def first_programme(window, settings, db):
        loaded(window, settings, db)
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from ui.pages.home import HomePage
        assert window.context.programme is not None and window.isVisible()
        def done():
            print("shown", flush=True)
        QTimer.singleShot(0, done)
        QTimer.singleShot(20000, QApplication.instance().quit)
        show_figures = HomePage._show_figures
        def figures_shown(page, figures):
            show_figures(page, figures)
            print("figures", flush=True)
            QApplication.instance().quit()
        HomePage._show_figures = figures_shown
    ui_app.first_programme = first_programme

class Probe:  # a meta path finder; importing importlib.abc for it would cost the child
    def find_spec(self, name, path, target=None):
        if name != "ui.app":
            return None
        sys.meta_path.remove(self)
        spec = next(s for f in sys.meta_path if (s := f.find_spec(name, path, target)))
        exec_module = spec.loader.exec_module
        def exec_and_patch(module):
            exec_module(module)
            patch(module)
        spec.loader.exec_module = exec_and_patch
        return spec

sys.meta_path.insert(0, Probe())
import main
sys.argv = ["main.py", "--db", {db!r}]
sys.exit(main.main())
"""


def time_child(code: str, env: dict[str, str]) -> list[float]:
    """Seconds from spawning the child to each line it prints ("shown", then "figures")."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    times, lines = [], []
    for line in child.stdout:
        times.append(time.perf_counter() - start)
        lines.append(line.strip())
    child.wait(timeout=60)
    if not lines or lines[0] != "shown":
        raise SystemExit(f"child failed: {child.stderr.read()}")
    return times


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="outreach-bench-"))
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        OUTREACH_DATA_DIR=str(work / "data"),
    )
    db = work / "demo.outreach.db"
    subprocess.run(
        [sys.executable, "main.py", "--db", str(db), "demo"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    app_code = APP.format(root=str(ROOT), db=str(db))
    time_child(BARE, env)  # warm the file cache for both
    time_child(app_code, env)
    bare, full, figures = [], [], []
    for _ in range(RUNS):
        bare.append(time_child(BARE, env)[0])
        shown, filled = time_child(app_code, env)
        full.append(shown)
        figures.append(filled)
    bare_s, full_s = statistics.median(bare), statistics.median(full)
    ratio = full_s / bare_s
    print(f"bare QMainWindow: median {bare_s * 1000:.0f} ms over {RUNS} runs")
    print(f"Outreach Desk with the demo programme: median {full_s * 1000:.0f} ms")
    print(f"  Home's figures on screen: median {statistics.median(figures) * 1000:.0f} ms")
    verdict = "PASS" if ratio <= TARGET else "FAIL"
    print(f"startup: {ratio:.2f}x (target <= {TARGET}x) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
