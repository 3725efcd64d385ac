"""The PySide6 window: thin pages, dialogs and table models over the ``outreach`` domain."""
