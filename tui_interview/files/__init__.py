"""File utilities shared by storage, content and export: crash-safe writes
(``atomic``) and plain descriptions of OS errors (``errors``).

Nothing here knows about sessions, TinyDB, Textual or Rich.
"""
