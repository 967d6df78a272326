"""
A PostgreSQL cluster and a Redis server of one's own, started and stopped by
the caller: the outage tests and bench/faults.py stop them under a running
site, which the shared servers of the suite must never be. Both need the
Debian packages; PostgreSQL runs as the postgres user when we are root
(initdb refuses root).
"""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(*command: str) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return list(command)


class PrivatePostgres:
    """A throwaway cluster in `root` (which must be open to the postgres user),
    on a free port, trusted on loopback, with the user `cliff`."""

    def __init__(self, root: Path, *, max_connections: int | None = None):
        self.data = root / "pgdata"
        self.port = free_port()
        self.max_connections = max_connections
        if os.geteuid() == 0:
            shutil.chown(root, "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "cliff")

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(
            _as_postgres(str(PG_BIN / tool), *args),
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1"
        if self.max_connections:
            options += f" -c max_connections={self.max_connections}"
        log_file = str(self.data / "server.log")
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", log_file, "-w", "start"
        )

    def stop(self, mode: str = "fast") -> None:
        """A clean stop ("fast"), or "immediate": no shutdown checkpoint."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def restore(self, database_url: str) -> None:
        """A copy of that database (on another server) as this one's `postgres`."""
        dump = subprocess.run(
            [str(PG_BIN / "pg_dump"), "--format=custom", "--no-owner", database_url],
            check=True,
            capture_output=True,
            timeout=120,
        )
        subprocess.run(
            [str(PG_BIN / "pg_restore"), "--no-owner", "--dbname", self.url],
            input=dump.stdout,
            check=True,
            capture_output=True,
            timeout=120,
        )

    @property
    def url(self) -> str:
        return f"postgres://cliff@127.0.0.1:{self.port}/postgres"

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        import psycopg  # the postgres extra: only where PostgreSQL is used

        with psycopg.connect(self.url, autocommit=True, connect_timeout=10) as conn:
            return conn.execute(sql, params).fetchall()


class PrivateRedis:
    """redis-server as docs/deploy.md runs the cache's: no snapshot, no AOF
    (and, given `maxmemory`, evicting keys that expire first)."""

    def __init__(self, *, maxmemory: str | None = None):
        self.port = free_port()
        self.maxmemory = maxmemory
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no"]
        if self.maxmemory:
            command += ["--maxmemory", self.maxmemory]
            command += ["--maxmemory-policy", "volatile-lru"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            ping = subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"],
                capture_output=True,
                text=True,
                check=False,
            )
            if ping.stdout.strip() == "PONG":
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"
