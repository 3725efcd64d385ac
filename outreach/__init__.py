"""Outreach Desk domain library: storage, rules, import/export and printing.

Never imports PySide6 or ``ui`` (tests/test_architecture.py enforces it), so the command line,
the tests and the printouts run without Qt.
"""

APP_NAME = "Outreach Desk"
APP_ID = "outreach-desk"
__version__ = "0.1.0"
