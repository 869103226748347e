"""Running the application: one process, or one per core sharing the port (SO_REUSEPORT).

Each process binds its own listening socket created with ``IPPROTO_TCP``: asyncio
sets ``TCP_NODELAY`` on accepted connections only when the listening socket says
it is TCP, and without it every keep-alive response waited 40 ms for a delayed ACK
(uvicorn's own ``--workers`` sockets measured 44 ms per request on loopback).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
from typing import Any

APP_FACTORY = "jixiao.web.app:app_from_env"


def listen(host: str, port: int, *, share: bool) -> socket.socket:
    """Given an address, return a listening TCP socket (shareable between processes)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if share:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def run(app: Any, host: str, port: int) -> None:
    """Given an application (or the factory's import path), serve it in this process."""
    import uvicorn

    factory = isinstance(app, str)
    config = uvicorn.Config(app, factory=factory, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[listen(host, port, share=factory)])


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def run_workers(host: str, port: int, workers: int, env: dict[str, str]) -> None:
    """Given an address, a process count and the environment for ``app_from_env``, serve."""
    os.environ.update(env)
    # A service manager stops us with SIGTERM: turn it into the same clean shutdown as
    # Ctrl+C, so that no worker is left holding the port.
    signal.signal(signal.SIGTERM, _interrupt)
    context = multiprocessing.get_context("spawn")
    procs = [context.Process(target=run, args=(APP_FACTORY, host, port)) for _ in range(workers)]
    for proc in procs:
        proc.start()
    try:
        for proc in procs:
            proc.join()
    except KeyboardInterrupt:
        pass
    finally:
        for proc in procs:
            proc.terminate()
            proc.join(timeout=10)
