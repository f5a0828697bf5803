"""Ephemeral ports: a server a test owns listens where the kernel says, never on a fixed port,
so that concurrent runs on one machine cannot meet."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A port nobody listens on now (the kernel's pick; free until someone binds it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
