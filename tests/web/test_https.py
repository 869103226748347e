"""Behind HTTPS the session cookie is Secure and HSTS is sent (issue 13.7).

``JIXIAO_HTTPS=1`` / ``--https on`` for a site served over HTTPS itself;
``proxy`` for one behind a proxy that terminates TLS and says so with
``X-Forwarded-Proto``. Plain HTTP (a laptop, the default) stays as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from webhelp import build_site, csrf_of

from jixiao.cli import app as cli
from jixiao.web.app import app_from_env


def _login_response(client, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    token = csrf_of(client)
    data = {"username": "clerk", "password": "correct-horse-9", "csrf_token": token}
    return client.post("/login", data=data, headers=headers or {}, follow_redirects=False)


def test_plain_http_by_default_no_secure_cookie_no_hsts(tmp_path: Path) -> None:
    site = build_site(f"sqlite:///{tmp_path / 'w.sqlite'}", example=False)
    r = _login_response(site.client())
    assert r.status_code == 303
    assert "secure" not in r.headers["set-cookie"].lower()
    assert "strict-transport-security" not in r.headers


def test_https_on_marks_the_cookie_secure_and_sends_hsts(tmp_path: Path) -> None:
    site = build_site(f"sqlite:///{tmp_path / 'w.sqlite'}", example=False, https="on")
    # A Secure cookie travels only over HTTPS: the browser talks to https://.
    client = TestClient(site.app, base_url="https://testserver")  # type: ignore[arg-type]
    r = _login_response(client)
    assert r.status_code == 303
    assert "secure" in r.headers["set-cookie"].lower()
    assert r.headers["strict-transport-security"].startswith("max-age=")
    assert "strict-transport-security" in client.get("/public").headers


def test_behind_a_proxy_the_forwarded_protocol_decides(tmp_path: Path) -> None:
    site = build_site(f"sqlite:///{tmp_path / 'w.sqlite'}", example=False, https="proxy")
    plain = _login_response(site.client())
    assert "secure" not in plain.headers["set-cookie"].lower()
    assert "strict-transport-security" not in plain.headers
    tls = _login_response(site.client(), {"X-Forwarded-Proto": "https"})
    assert "secure" in tls.headers["set-cookie"].lower()
    assert "strict-transport-security" in tls.headers


def test_the_environment_and_the_command_line_set_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIXIAO_DATABASE_URL", f"sqlite:///{tmp_path / 'e.sqlite'}")
    monkeypatch.setenv("JIXIAO_HTTPS", "1")
    assert app_from_env().state.settings.https == "on"
    monkeypatch.setenv("JIXIAO_HTTPS", "proxy")
    assert app_from_env().state.settings.https == "proxy"
    monkeypatch.setenv("JIXIAO_HTTPS", "sometimes")
    with pytest.raises(ValueError, match="https"):
        app_from_env()
    out = CliRunner().invoke(cli, ["serve", "--help"], terminal_width=200)
    assert "--https" in out.output and "HSTS" in out.output
