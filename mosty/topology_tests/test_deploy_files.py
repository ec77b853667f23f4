"""The files of deploy/ agree with each other and with the settings: nginx accepts its configuration
and lets the largest upload through, PgBouncer pools by transaction, there is exactly one scheduler,
every production variable is documented, and deploy/local-topology.sh brings the topology up and down."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import socket
import subprocess
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from mosty.topology_tests.conftest import REDIS_URL, REPOSITORY, skip_unless_reachable

DEPLOY = REPOSITORY / "deploy"
NGINX = DEPLOY / "nginx" / "mosty.conf"
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # MOSTY_MAX_UPLOAD_BYTES's default in settings


def _size(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kmg]?)", value.lower()).groups()  # type: ignore[union-attr]
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit]


def test_nginx_lets_the_largest_accepted_upload_through_and_balances_the_app_processes() -> None:
    text = NGINX.read_text()
    [body_limit] = re.findall(r"client_max_body_size\s+(\w+);", text)
    assert _size(body_limit) >= DEFAULT_MAX_UPLOAD_BYTES
    assert _size(body_limit) <= DEFAULT_MAX_UPLOAD_BYTES + 2 * 1024**2  # not much more than the app takes
    upstream = re.search(r"upstream mosty_app \{(.*?)\}", text, re.S)
    assert upstream is not None
    ports = re.findall(r"server 127\.0\.0\.1:(\d+)", upstream.group(1))
    target = (DEPLOY / "systemd" / "mosty.target").read_text()
    assert sorted(ports) == sorted(re.findall(r"mosty-web@(\d+)\.service", target))
    assert len(ports) >= 2
    assert "proxy_set_header Host $host;" in text
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text
    assert "location /media/ { return 404; }" in text  # uploads only through the views


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_nginx_accepts_the_production_configuration(tmp_path: Path) -> None:
    openssl, nginx = shutil.which("openssl") or "openssl", shutil.which("nginx") or "nginx"
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            *(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=mosty.example.org", "-keyout", str(tmp_path / "key.pem")),
            *("-out", str(tmp_path / "cert.pem")),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    site = NGINX.read_text()
    site = site.replace("/etc/letsencrypt/live/mosty.example.org/fullchain.pem", str(tmp_path / "cert.pem"))
    site = site.replace("/etc/letsencrypt/live/mosty.example.org/privkey.pem", str(tmp_path / "key.pem"))
    (tmp_path / "mosty.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n access_log {tmp_path}/access.log;\n"
        f" include {tmp_path}/mosty.conf;\n}}\n"
    )
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [
            nginx,
            "-t",
            "-c",
            str(tmp_path / "nginx.conf"),
            "-p",
            str(tmp_path),
            "-e",
            str(tmp_path / "e.log"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr


def test_pgbouncer_pools_by_transaction_and_accepts_what_django_sends() -> None:
    config = configparser.ConfigParser(interpolation=None)
    config.read(DEPLOY / "pgbouncer" / "pgbouncer.ini")
    pgbouncer = config["pgbouncer"]
    assert pgbouncer["pool_mode"] == "transaction"
    assert {"extra_float_digits", "options"} <= set(pgbouncer["ignore_startup_parameters"].split(","))
    assert pgbouncer["listen_port"] == "6432"
    production = (DEPLOY / "mosty.env.example").read_text()
    assert "DATABASE_URL=postgres://mosty:CHANGE-ME@127.0.0.1:6432/mosty" in production
    assert "DATABASE_POOLER=pgbouncer" in production


def test_exactly_one_scheduler_and_every_process_reads_the_same_environment() -> None:
    units = {path.name: path.read_text() for path in (DEPLOY / "systemd").glob("*.service")}
    assert sorted(units) == ["mosty-beat.service", "mosty-web@.service", "mosty-worker.service"]
    beats = [name for name, text in units.items() if " beat " in text.split("ExecStart=", 1)[1]]
    assert beats == ["mosty-beat.service"]  # not a template: one instance, enabled on one machine
    assert "mosty.wsgi:application" in units["mosty-web@.service"]
    assert "-A mosty worker" in units["mosty-worker.service"]
    assert {re.search(r"EnvironmentFile=(\S+)", text).group(1) for text in units.values()} == {  # type: ignore[union-attr]
        "/etc/mosty/mosty.env"
    }


def test_every_production_variable_is_documented() -> None:
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (REPOSITORY / ".env.example").read_text(), re.M))
    production = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", (DEPLOY / "mosty.env.example").read_text(), re.M))
    assert production
    assert production - documented == set()
    script = (DEPLOY / "local-topology.sh").read_text()
    assert set(re.findall(r"\$\{(TOPOLOGY_[A-Z_]+):-", script)) <= documented


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.topology
def test_the_local_topology_script_brings_the_processes_up_and_down(tmp_path: Path) -> None:
    skip_unless_reachable()
    ports = [_free_port(), _free_port()]
    proxy = _free_port()
    base, _name = os.environ.get(
        "MOSTY_TOPOLOGY_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mosty_topology"
    ).rsplit("/", 1)
    env: dict[str, Any] = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MOSTY_"))},
        "TOPOLOGY_DATABASE_URL": f"{base}/mosty_topology_script",
        "TOPOLOGY_REDIS_URL": REDIS_URL,
        "TOPOLOGY_PORTS": " ".join(map(str, ports)),
        "TOPOLOGY_PROXY_PORT": str(proxy),
        "TOPOLOGY_DIR": str(tmp_path),
    }
    script = str(DEPLOY / "local-topology.sh")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own script
            [script, *args], env=env, capture_output=True, text=True, timeout=300, check=False
        )

    try:
        up = run("up")
        assert up.returncode == 0, up.stdout + up.stderr
        status = run("status")
        assert status.returncode == 0, status.stdout
        assert status.stdout.count("healthy") == 2
        assert "beat: running" in status.stdout
        assert "worker: running" in status.stdout
        if shutil.which("nginx"):
            with urllib.request.urlopen(f"http://127.0.0.1:{proxy}/healthz", timeout=10) as response:
                assert response.status == 200
    finally:
        down = run("down")
    assert down.returncode == 0, down.stderr
    assert not list(tmp_path.glob("*.pid"))
    after = run("status")
    assert after.returncode == 1
    assert "beat: stopped" in after.stdout
