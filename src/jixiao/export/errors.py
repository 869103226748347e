"""The one exception exporting raises: the output cannot be written at all."""

from __future__ import annotations


class ExportError(Exception):
    """An export that cannot continue (unknown format, missing font); the message says what to do."""
