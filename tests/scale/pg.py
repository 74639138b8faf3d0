"""A throwaway PostgreSQL server on loopback for tests: Debian's package, initdb into a tmp dir.

``postgres_server(tmp)`` finds ``pg_ctl`` (on PATH or under /usr/lib/postgresql/*/bin), installs
the ``postgresql`` package with apt-get when it is missing and we are root, runs initdb as an
unprivileged user (PostgreSQL refuses root), starts the server on 127.0.0.1 on a free port with
no TCP password (trust, loopback only), and stops it when the context ends.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_APT_TIMEOUT_S = 600


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL binaries and no way to install them here (tests skip)."""


class PostgresFailed(RuntimeError):
    """PostgreSQL is installed but would not initialise or start (tests fail)."""


def _bindir() -> Path | None:
    """Debian's versioned directory first (the newest), else initdb/pg_ctl on PATH."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit()
                        else 0)
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl", path=str(Path(found).parent)
                                                         ) else None


def find_or_install() -> Path:
    """The directory holding initdb and pg_ctl, installing Debian's postgresql if needed."""
    bindir = _bindir()
    if bindir is not None:
        return bindir
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise PostgresUnavailable("pg_ctl not found and apt-get is not usable here")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "postgresql"]):
        subprocess.run(cmd, check=True, env=env, timeout=_APT_TIMEOUT_S,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    bindir = _bindir()
    if bindir is None:
        raise PostgresUnavailable("postgresql installed but pg_ctl is still missing")
    return bindir


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_user(user: str | None, cmd: list[str]) -> list[str]:
    return ["runuser", "-u", user, "--", *cmd] if user else cmd


def _server_user() -> str | None:
    """Who runs the server: ourselves, or (as root) the ``postgres`` user."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError as exc:
        raise PostgresUnavailable("running as root and no 'postgres' user exists") from exc
    return "postgres"


@contextmanager
def postgres_server(dbname: str = "eventatlas") -> Iterator[str]:
    """Yield a ``postgresql+psycopg://`` URL of a fresh database on a private server.

    The data directory is a new directory under the system temp dir (pytest's own tmp dirs are
    private to root, where the ``postgres`` user cannot reach), removed afterwards.
    """
    bindir = find_or_install()
    user = _server_user()
    with (tempfile.TemporaryDirectory(prefix="eventatlas-pg-") as tmp,
          _running(bindir, user, Path(tmp), dbname) as url):
        yield url


@contextmanager
def _running(bindir: Path, user: str | None, tmp: Path, dbname: str) -> Iterator[str]:
    data = tmp / "pgdata"
    data.mkdir(parents=True)
    if user:
        record = pwd.getpwnam(user)
        os.chown(tmp, record.pw_uid, record.pw_gid)
        os.chown(data, record.pw_uid, record.pw_gid)
    _run(_as_user(user, [str(bindir / "initdb"), "-D", str(data), "-U", "eventatlas",
                         "--auth=trust", "-E", "UTF8", "--locale=C"]))
    port = free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {data} -c fsync=off"
    _run(_as_user(user, [str(bindir / "pg_ctl"), "-D", str(data), "-w", "-t", "60",
                         "-l", str(data / "server.log"), "-o", options, "start"]))
    try:
        server = f"postgresql+psycopg://eventatlas@127.0.0.1:{port}/postgres"
        yield create_database(server, dbname)
    finally:
        subprocess.run(_as_user(user, [str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast",
                                       "-w", "stop"]), check=False, capture_output=True,
                       timeout=120)


def _run(cmd: list[str]) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise PostgresFailed(f"{cmd[-1]!r} failed: {done.stdout}{done.stderr}")


def create_database(url: str, name: str) -> str:
    """A new empty database on the server of ``url``; returns its URL."""
    import sqlalchemy as sa

    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return url.rsplit("/", 1)[0] + f"/{name}"
