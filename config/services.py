"""Check that PostgreSQL and Redis answer before anything else runs.

``python -m config.services`` exits 0 when both answer; otherwise it prints, for
each one that does not, the variable to set, the address it tried and how to
start the service, and exits 1 — no stack trace. With ``--create-db`` it also
creates the database named in DATABASE_URL when the server has none by that name.
"""

from __future__ import annotations

import socket
import sys
from urllib.parse import unquote, urlsplit

from config import env

HOW_TO_START = {
    "DATABASE_URL": (
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
        "   (Debian)\n    or: docker compose up -d db"
    ),
    "REDIS_URL": (
        "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ''"
        "   (Debian)\n    or: docker compose up -d redis"
    ),
}
DEFAULT_PORTS = {"DATABASE_URL": 5432, "REDIS_URL": 6379}


def address(variable: str) -> tuple[str, int]:
    parts = urlsplit(env.get(variable) or "")
    return parts.hostname or "127.0.0.1", parts.port or DEFAULT_PORTS[variable]


def unreachable(variable: str, timeout: float = 2.0) -> str | None:
    """None when the service answers on its port, else a message for a person."""
    host, port = address(variable)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        return (
            f"{variable}: nothing answers at {host}:{port} ({reason}).\n"
            f"  Set {variable} to a reachable server, or start one:\n    {HOW_TO_START[variable]}"
        )


def create_database() -> str | None:
    """Create the database named in DATABASE_URL if it is missing; a message on failure."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(env.get("DATABASE_URL"))
    name = unquote(parts.path.lstrip("/"))
    try:
        with psycopg.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=unquote(parts.username or "postgres"),
            password=unquote(parts.password or "") or None,
            dbname="postgres",
            autocommit=True,
            connect_timeout=5,
        ) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"Created database {name!r}.")
    except psycopg.Error as exc:
        return f"DATABASE_URL: could not create database {name!r}: {exc}".strip()
    return None


def main(argv: list[str]) -> int:
    problems = [p for p in (unreachable("DATABASE_URL"), unreachable("REDIS_URL")) if p]
    if not problems and "--create-db" in argv:
        problems = [p for p in [create_database()] if p]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
