"""Ending API tokens and sessions: a script logs its token out; a user or an administrator revokes.

Every user sees and ends their own sessions and tokens; an administrator those of
everyone (a lost laptop, a leaked script token).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.security import OAuth2PasswordBearer
from pydantic import BaseModel

from jixiao.model.workflow import Role
from jixiao.store.sessions import live_sessions, revoke_sessions, session_owner
from jixiao.web.auth import bearer_key, end_session, forget_actor
from jixiao.web.authz import Denied, require_login
from jixiao.web.deps import ActorDep, DbDep, EngineDep, SettingsDep

bearer = OAuth2PasswordBearer(tokenUrl="/api/token", auto_error=False)
router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(bearer)])
SessionId = Annotated[int, Path(ge=1, le=2_147_483_647)]


class SessionOut(BaseModel):
    """A live browser session or API token (never its key)."""

    id: int
    user: str
    kind: str
    address: str | None
    created_at: datetime
    expires_at: datetime


class Ended(BaseModel):
    """How many sessions or tokens were ended."""

    ok: bool = True
    ended: int


@router.delete("/token", response_model=Ended)
def revoke_own_token(
    request: Request, engine: EngineDep, settings: SettingsDep, actor: ActorDep
) -> Ended:
    """End the bearer token this request carries (a script logging out)."""
    require_login(actor)
    found = bearer_key(request, settings)
    if found is None:
        raise Denied(401, "请先登录。")
    end_session(engine, found[1])
    return Ended(ended=1)


@router.get("/sessions", response_model=list[SessionOut])
def sessions(
    db: DbDep, actor: ActorDep, user: Annotated[str | None, Query(max_length=100)] = None
) -> list[SessionOut]:
    """List live sessions and tokens: one's own, or (administrator) anyone's or everyone's."""
    who = require_login(actor)
    if who.role is not Role.ADMIN:
        if user not in (None, who.name):
            raise Denied(403, "只有管理员可以查看其他用户的登录会话。")
        user = who.name
    return [SessionOut(**asdict(s)) for s in live_sessions(session=db, name=user)]


@router.delete("/sessions/{session_id}", response_model=Ended)
def revoke_session(db: DbDep, actor: ActorDep, session_id: SessionId) -> Ended:
    """End one session or token: one's own, or (administrator) anyone's."""
    who = require_login(actor)
    owner = session_owner(session=db, session_id=session_id)
    if owner is None or (who.role is not Role.ADMIN and owner != who.name):
        raise Denied(404, "没有这个登录会话,或您无权结束它。")
    ended = revoke_sessions(session=db, ids=(session_id,))
    forget_actor(owner)
    return Ended(ended=ended)
