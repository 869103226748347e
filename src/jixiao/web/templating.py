"""Jinja2 rendering with autoescape on: every table text is shown as text, never as markup."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from jixiao.export.html import TEMPLATES as EXPORT_TEMPLATES
from jixiao.model.workflow import ACTION_LABELS, ROLE_LABELS, Action, Role

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


def _percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{(value * 100).quantize(Decimal('0.1'))}%"


def _money(value: Any) -> str:
    return "—" if value is None or value == "" else str(value)


#: 北京时间 (China has no daylight saving time): the store keeps UTC, readers read local time.
BEIJING = timezone(timedelta(hours=8))


def _local(iso: str) -> str:
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def make_templates() -> Jinja2Templates:
    """Return the template set; autoescape is on for every template, whatever its name.

    The export templates come second, so that pages import the one rendering of the
    official form (``_official_form.html.j2``) that the export and the check report use.
    """
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(TEMPLATES_DIR), EXPORT_TEMPLATES]),
        autoescape=True,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["percent"] = _percent
    env.filters["money"] = _money
    env.filters["local"] = _local
    env.globals["ACTION_LABELS"] = {a.value: label for a, label in ACTION_LABELS.items()}
    env.globals["ROLE_LABELS"] = {r.value: label for r, label in ROLE_LABELS.items()}
    env.globals["Action"] = Action
    env.globals["Role"] = Role
    return Jinja2Templates(env=env)


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    """Given a request, a template and its context, return the page with the common parts."""
    templates: Jinja2Templates = request.app.state.templates
    session = getattr(request.state, "web_session", None)
    base = {
        "actor": getattr(request.state, "actor", None),
        "csrf": session.csrf if session is not None else "",
        "path": request.url.path,
    }
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status_code)
