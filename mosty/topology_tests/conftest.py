"""The topology under test: two gunicorn app processes and one Celery worker (two processes) on
loopback, DEBUG off, against one PostgreSQL database and one Redis database set aside for the test.

    MOSTY_TOPOLOGY_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/mosty_topology
                                 (dropped and created anew for each run: give it a database of its own)
    MOSTY_TOPOLOGY_REDIS_URL     default redis://127.0.0.1:6379/14 (flushed at the start of each run)

Files are shared the way one machine shares them: one MEDIA_ROOT directory for both app processes
(an operator with several machines points MOSTY_S3_BUCKET at a bucket instead). E-mails go to one
directory through Django's file-based backend, so the test reads what every process sent.
When PgBouncer is installed, app process B and the worker reach PostgreSQL through it, in the
transaction pooling mode of deploy/pgbouncer/pgbouncer.ini (DATABASE_POOLER=pgbouncer), and app
process A directly: both ways must give the same results.
The tests skip, saying why, when PostgreSQL or Redis cannot be reached; with
MOSTY_TOPOLOGY_REQUIRED=1 (as CI runs them) they fail instead, and PgBouncer must be installed.
"""

from __future__ import annotations

import configparser
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get(
    "MOSTY_TOPOLOGY_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mosty_topology"
)
REDIS_URL = os.environ.get("MOSTY_TOPOLOGY_REDIS_URL", "redis://127.0.0.1:6379/14")
REQUIRED = os.environ.get("MOSTY_TOPOLOGY_REQUIRED", "") == "1"
STARTUP_SECONDS = 90
STEP_SECONDS = 300


def _database_name() -> str:
    return DATABASE_URL.rsplit("/", 1)[1].split("?", 1)[0]


def _maintenance_url() -> str:
    return DATABASE_URL.rsplit("/", 1)[0] + "/postgres"


def skip_unless_reachable() -> None:
    """Skip (or, where the topology is required, fail) when PostgreSQL or Redis do not answer."""
    reason = _unreachable()
    if reason is None:
        return
    if REQUIRED:
        pytest.fail(f"MOSTY_TOPOLOGY_REQUIRED is set but {reason}")
    pytest.skip(f"the production topology needs PostgreSQL and Redis: {reason}")


def _unreachable() -> str | None:
    """Why the topology cannot run here, or None when PostgreSQL and Redis both answer."""
    import psycopg
    import redis

    try:
        with psycopg.connect(_maintenance_url(), connect_timeout=3, autocommit=True):
            pass
    except psycopg.Error as error:
        return f"PostgreSQL is not reachable at {_maintenance_url()}: {error}"
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3, socket_timeout=3).ping()
    except redis.RedisError as error:
        return f"Redis is not reachable at {REDIS_URL}: {error}"
    return None


def _recreate_database() -> None:
    """An empty database: created the first time, its schema dropped and made anew afterwards.
    (Not DROP DATABASE: on a shared server it waits for every other session to absorb a barrier,
    and one session stuck elsewhere would hold the test for good.) Bounded by a statement timeout."""
    import psycopg
    from psycopg import sql

    name = _database_name()
    with psycopg.connect(_maintenance_url(), connect_timeout=3, autocommit=True) as connection:
        connection.execute("SET statement_timeout = '60s'")
        found = connection.execute(
            "SELECT datconnlimit FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if found is not None and found[0] == -2:  # left invalid by an interrupted DROP DATABASE
            connection.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
            found = None
        if found is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return
        # Sessions left by an interrupted earlier run of this test, on this test's database only.
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
    with psycopg.connect(DATABASE_URL, connect_timeout=3, autocommit=True) as connection:
        connection.execute("SET statement_timeout = '60s'")
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path
    log: IO[bytes]

    def log_tail(self, characters: int = 4000) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")[-characters:]


@dataclass
class Topology:
    """What the tests reach: the two app processes' base URLs, the shared directories, the seeded cast."""

    directory: Path
    env: dict[str, str]
    app_a: str = ""
    app_b: str = ""
    cast: dict[str, Any] = field(default_factory=dict)
    processes: list[Process] = field(default_factory=list)
    timings: dict[str, Any] = field(default_factory=dict)
    cleanup: list[Path] = field(default_factory=list)

    @property
    def media_root(self) -> Path:
        return self.directory / "media"

    @property
    def mail_dir(self) -> Path:
        return self.directory / "mail"

    def run(self, name: str, *args: str) -> str:
        """Run a one-off command (migrate, collectstatic, the seed) to completion; its stdout."""
        started = time.monotonic()
        done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, *args],
            cwd=REPOSITORY,
            env=self.env,
            capture_output=True,
            timeout=STEP_SECONDS,
            check=False,
        )
        self.timings[name] = round(time.monotonic() - started, 2)
        if done.returncode != 0:
            raise AssertionError(f"{name} failed ({done.returncode}):\n{done.stderr.decode()[-4000:]}")
        return done.stdout.decode()

    def start(self, name: str, *args: str, env: dict[str, str] | None = None, program: str = "") -> Process:
        """Start `python args...` (or `program args...`) in a process group of its own."""
        log_path = self.directory / f"{name}.log"
        log = log_path.open("wb")
        popen = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [program or sys.executable, *args],
            cwd=REPOSITORY,
            env={**self.env, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped with its children, nothing else
        )
        process = Process(name, popen, log_path, log)
        self.processes.append(process)
        return process

    def wait_healthy(self, process: Process, base: str) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if process.popen.poll() is not None:
                raise AssertionError(f"{process.name} exited:\n{process.log_tail()}")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as response:  # noqa: S310 - loopback
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        raise AssertionError(f"{process.name} not healthy in {STARTUP_SECONDS} s:\n{process.log_tail()}")

    def wait_log(self, process: Process, marker: str) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if process.popen.poll() is not None:
                raise AssertionError(f"{process.name} exited:\n{process.log_tail()}")
            if marker in process.log_tail(1_000_000):
                return
            time.sleep(0.3)
        raise AssertionError(f"{process.name} did not log {marker!r} in {STARTUP_SECONDS} s")

    def stop(self) -> None:
        """SIGTERM to each started process group, then SIGKILL to any still there after 15 s."""
        for process in self.processes:
            if process.popen.poll() is None:
                os.killpg(process.popen.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.popen.pid, signal.SIGKILL)
                process.popen.wait(timeout=5)
            process.log.close()
        for directory in self.cleanup:
            shutil.rmtree(directory, ignore_errors=True)


def _start_pgbouncer(topology: Topology) -> dict[str, str]:
    """PgBouncer with the deploy configuration, changed only where a test must (port, files, trust
    on loopback); the variables that send a process through it. None when it is not installed."""
    program = shutil.which("pgbouncer")
    if program is None:
        assert not REQUIRED, "MOSTY_TOPOLOGY_REQUIRED is set but pgbouncer is not installed"
        topology.timings["pooler"] = "none (pgbouncer not installed)"
        return {}
    config = configparser.ConfigParser(interpolation=None)
    config.optionxform = str  # type: ignore[assignment,method-assign]
    config.read(REPOSITORY / "deploy" / "pgbouncer" / "pgbouncer.ini")
    # PgBouncer refuses to run as root; started as root it becomes nobody, who must read its files
    # (pytest's own temporary directories are closed to other users). It logs to our log file.
    directory = Path(tempfile.mkdtemp(prefix="mosty-topology-pgbouncer-"))
    directory.chmod(0o755)
    topology.cleanup.append(directory)
    url = urllib.parse.urlsplit(DATABASE_URL)
    name = _database_name()
    port = _free_port()
    (directory / "userlist.txt").write_text(f'"{url.username or "postgres"}" ""\n')
    config["databases"] = {name: f"host={url.hostname or '127.0.0.1'} port={url.port or 5432} dbname={name}"}
    settings = config["pgbouncer"]
    settings.update(
        {
            "listen_addr": "127.0.0.1",
            "listen_port": str(port),
            "unix_socket_dir": "",
            "auth_type": "trust",
            "auth_file": str(directory / "userlist.txt"),
            "logfile": "",
            "pidfile": "",
        }
    )
    for key in ("admin_users", "stats_users"):
        settings.pop(key, None)
    assert settings["pool_mode"] == "transaction"
    ini = directory / "pgbouncer.ini"
    with ini.open("w") as handle:
        config.write(handle)
    arguments = ["-u", "nobody", str(ini)] if os.geteuid() == 0 else [str(ini)]
    process = topology.start("pgbouncer", *arguments, program=program)
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if process.popen.poll() is not None:
            raise AssertionError(f"pgbouncer exited:\n{process.log_tail()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError("pgbouncer did not listen in time") from None
            time.sleep(0.2)
    topology.timings["pooler"] = "pgbouncer (transaction pooling) for app B and the worker"
    pooled = url._replace(netloc=f"{url.username or 'postgres'}@127.0.0.1:{port}").geturl()
    return {"DATABASE_URL": pooled, "DATABASE_POOLER": "pgbouncer"}


def _environment(directory: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MOSTY_"))}
    for key in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_HOST", "TEST_REDIS_URL"):
        env.pop(key, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "mosty.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Plain HTTP on loopback, no proxy in front: no HTTPS redirect, no secure-only cookies.
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "MOSTY_BEHIND_PROXY": "0",
            "MOSTY_SITE_URL": "http://127.0.0.1",
            "MOSTY_VAR_DIR": str(directory / "var"),
            "DJANGO_MEDIA_ROOT": str(directory / "media"),
            "DJANGO_STATIC_ROOT": str(directory / "static"),
            "DATABASE_URL": DATABASE_URL,
            "REDIS_URL": REDIS_URL,
            "CELERY_BROKER_URL": REDIS_URL,
            "CELERY_RESULT_BACKEND": REDIS_URL,
            "MOSTY_CACHE_PREFIX": "mosty-topology",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(directory / "mail"),
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


@pytest.fixture(scope="session")
def topology(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Topology]:
    skip_unless_reachable()
    import redis

    directory = tmp_path_factory.mktemp("topology")
    (directory / "mail").mkdir()
    (directory / "media").mkdir()
    topology = Topology(directory=directory, env=_environment(directory))
    started = time.monotonic()
    try:
        _recreate_database()
        redis.Redis.from_url(REDIS_URL).flushdb()
        topology.run("migrate", "manage.py", "migrate", "--noinput", "-v0")
        topology.run("collectstatic", "manage.py", "collectstatic", "--noinput", "-v0")
        topology.cast = json.loads(topology.run("seed", "-m", "mosty.topology_tests.seed"))
        pooled = _start_pgbouncer(topology)
        port_a, port_b = _free_port(), _free_port()
        gunicorn = ("-m", "gunicorn", "mosty.wsgi:application", "--workers", "1", "--timeout", "60")
        app_a = topology.start("app-a", *gunicorn, "--bind", f"127.0.0.1:{port_a}")
        app_b = topology.start("app-b", *gunicorn, "--bind", f"127.0.0.1:{port_b}", env=pooled)
        worker = topology.start(
            "worker",
            *("-m", "celery", "-A", "mosty", "worker", "--concurrency", "2", "--pool", "prefork"),
            *("--loglevel", "INFO", "--hostname", "topology@%h", "--without-gossip", "--without-mingle"),
            env=pooled,
        )
        topology.app_a, topology.app_b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
        topology.wait_healthy(app_a, topology.app_a)
        topology.wait_healthy(app_b, topology.app_b)
        topology.wait_log(worker, " ready.")
        topology.timings["up"] = round(time.monotonic() - started, 2)
        yield topology
    finally:
        topology.stop()
        sys.stdout.write(f"\ntopology timings (s): {json.dumps(topology.timings)}\n")
