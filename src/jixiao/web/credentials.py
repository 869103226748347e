"""The one place that ends what a user's old credentials opened.

Every route that changes credentials calls :func:`credentials_changed`: a password
change or reset, and an account disabled or enabled. It drops the web's short
cache of who a name is; when the store keeps server-side sessions and tokens,
ending them belongs in this function, so that no route has to change.
"""

from __future__ import annotations

from typing import Any

from jixiao.web.auth import forget_actor


def credentials_changed(engine: Any, name: str) -> None:
    """Given the engine and a user name, drop everything that trusted the old credentials."""
    del engine  # for the store's session records, once kept
    forget_actor(name)
