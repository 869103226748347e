"""What the store refuses: each message says in Chinese what happened and what to do next."""

from __future__ import annotations


class StoreError(Exception):
    """A store operation that cannot continue."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(StoreError):
    """No table, version, project or user with the given id or name."""


class StaleVersion(StoreError):
    """Someone else changed the table since this writer read it (optimistic concurrency)."""


class PermissionDenied(StoreError):
    """The user may not act on this table (role or scope)."""


class ChangeRefused(StoreError):
    """New content for a table whose state does not allow a change in place."""


class FileUnreadable(StoreError):
    """A file that could not be read at all; nothing of it is stored."""
