"""``jixiao serve``: the README's main command serves the example and prints the admin password once."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(db: Path, port: int, *extra: str) -> subprocess.Popen[str]:
    cmd = [
        sys.executable,
        "-m",
        "jixiao",
        "serve",
        "--database",
        f"sqlite:///{db}",
        "--port",
        str(port),
        *extra,
    ]
    return subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ}
    )


def _wait(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError("server did not answer")


def _stop(proc: subprocess.Popen[str]) -> str:
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=20)
    return out


def test_serve_loads_example_and_prints_password_once(tmp_path: Path) -> None:
    db, port = tmp_path / "serve.sqlite", _free_port()
    proc = _start(db, port, "--load-example")
    try:
        _wait(port)
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}")
        assert "公开的绩效目标表" in client.get("/public").text
    finally:
        first = _stop(proc)
    password = re.search(r"密码\(只显示这一次\): (\S+)", first)
    assert password, first
    # The password works on the next start (two worker processes sharing the port).
    proc = _start(db, port, "--workers", "2")
    try:
        _wait(port)
        r = httpx.post(
            f"http://127.0.0.1:{port}/api/token",
            data={"username": "admin", "password": password.group(1)},
        )
        assert r.status_code == 200
        tables = httpx.get(
            f"http://127.0.0.1:{port}/api/tables",
            headers={"Authorization": f"Bearer {r.json()['access_token']}"},
        ).json()
        assert len(tables) == 6
    finally:
        second = _stop(proc)
    assert "密码" not in second  # printed once only
