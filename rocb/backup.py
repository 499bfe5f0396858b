"""Backup and restore of the whole database: `flask backup PATH`, `flask restore PATH`.

SQLite: SQLite's online backup API (a consistent copy while the app keeps serving; the copy is a database file).
PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists --single-transaction` (all or nothing),
with the Debian client programs on PATH; the password, if any, goes through PGPASSWORD, never the command line.

Plain functions of a SQLAlchemy URL and a path: no Flask import, so a script or a job can call them too.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


class BackupError(RuntimeError):
    """A backup or restore that could not be done; the message says why. The database is unchanged."""


def _kind(url: str) -> str:
    backend = make_url(url).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(f"backups of {backend} databases are not supported (SQLite and PostgreSQL are)")
    return backend


def _sqlite_path(url: str) -> str:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database has nothing to back up")
    return database


def _pg_environment(url: str) -> dict[str, str]:
    u = make_url(url)
    env = dict(os.environ)
    for name, value in (("PGHOST", u.host), ("PGPORT", u.port), ("PGUSER", u.username),
                        ("PGPASSWORD", u.password), ("PGDATABASE", u.database)):
        if value is not None:
            env[name] = str(value)
    return env


def _run(program: str, args: list[str], url: str) -> None:
    if shutil.which(program) is None:
        raise BackupError(f"{program} is not installed (Debian: apt-get install postgresql-client)")
    done = subprocess.run([program, *args], env=_pg_environment(url), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip() or done.stdout.strip()}")


def backup(url: str, path: str | os.PathLike) -> Path:
    """Write a backup of the database at `url` to `path` (replaced if it exists). Returns the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    if _kind(url) == "sqlite":
        source = sqlite3.connect(_sqlite_path(url))
        copy = sqlite3.connect(partial)
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
    else:
        _run("pg_dump", ["--format=custom", "--no-owner", "--file", str(partial)], url)
    partial.replace(target)  # a half-written backup never carries the final name
    return target


def restore(url: str, path: str | os.PathLike) -> None:
    """Replace the content of the database at `url` with the backup at `path` (made by `backup`).

    The app's connections should be closed first (the CLI disposes of its engine); on PostgreSQL the restore is
    one transaction, so a failed restore leaves the database as it was.
    """
    source = Path(path)
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    with source.open("rb") as f:
        header = f.read(16)
    kind = _kind(url)
    if kind == "sqlite":
        if header != SQLITE_HEADER:
            raise BackupError(f"{source} is not a SQLite backup")
        backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        live = sqlite3.connect(_sqlite_path(url))
        try:
            with live:
                backup_db.backup(live)
        finally:
            live.close()
            backup_db.close()
    else:
        if not header.startswith(PG_DUMP_HEADER):
            raise BackupError(f"{source} is not a pg_dump custom-format backup")
        _run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
                            "--dbname", _pg_environment(url)["PGDATABASE"], str(source)], url)
