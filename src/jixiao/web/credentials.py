"""The one place that ends what a user's old credentials opened.

Every route that changes credentials calls :func:`credentials_changed`: a password
change or reset, and an account disabled or enabled. It revokes the user's stored
browser sessions and API tokens (a saved cookie or token stops working at once in
every worker) and drops this process's short cache of who a name is.
"""

from __future__ import annotations

from typing import Any

from jixiao.store.sessions import revoke_sessions
from jixiao.web.auth import forget_actor


def credentials_changed(session: Any, name: str) -> None:
    """Given the route's database session and a user name, end every session of that user.

    The revocation is written in the route's own transaction (on SQLite a second
    connection would wait for the route's write lock), so it commits with the change.
    """
    revoke_sessions(session=session, name=name)
    forget_actor(name)
