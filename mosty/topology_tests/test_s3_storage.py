"""Uploaded files in an S3-compatible bucket (MOSTY_S3_BUCKET): what one process stores through
Django's default storage, another process reads back byte for byte, privately, under the prefix.
The bucket is served on loopback by moto's S3-compatible server (a test dependency)."""

from __future__ import annotations

import importlib.util
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mosty.topology_tests.conftest import REPOSITORY, REQUIRED

pytestmark = pytest.mark.topology

_STORE = """
import sys, django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
with open(sys.argv[1], "rb") as handle:
    print(default_storage.save("evidence/2026/11/akt-priyomki.pdf", ContentFile(handle.read())))
"""

_READ = """
import sys, django
django.setup()
from django.core.files.storage import default_storage
with default_storage.open(sys.argv[1], "rb") as stored, open(sys.argv[2], "wb") as out:
    out.write(stored.read())
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _python(code: str, *args: str, env: dict[str, str]) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code, *args],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def test_a_file_stored_by_one_process_in_the_bucket_is_read_by_another(tmp_path: Path) -> None:
    if importlib.util.find_spec("storages") is None or importlib.util.find_spec("moto") is None:
        assert not REQUIRED, "MOSTY_TOPOLOGY_REQUIRED is set but django-storages or moto is not installed"
        pytest.skip("needs django-storages[s3] and moto[server] (the test extras)")
    import boto3

    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    credentials = {"AWS_ACCESS_KEY_ID": "mosty-test", "AWS_SECRET_ACCESS_KEY": "mosty-test-secret"}
    log = (tmp_path / "moto.log").open("wb")
    server = subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "moto.log").read_text()
                assert time.monotonic() < deadline, "the S3 server did not listen in time"
                time.sleep(0.2)
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=credentials["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=credentials["AWS_SECRET_ACCESS_KEY"],
        )
        client.create_bucket(Bucket="mosty-files")
        env = {
            **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MOSTY_"))},
            **credentials,
            "DJANGO_SETTINGS_MODULE": "mosty.settings",
            "MOSTY_VAR_DIR": str(tmp_path / "var"),
            "MOSTY_S3_BUCKET": "mosty-files",
            "MOSTY_S3_ENDPOINT_URL": endpoint,
            "MOSTY_S3_REGION": "us-east-1",
            "MOSTY_S3_ADDRESSING_STYLE": "path",
        }
        env.pop("DATABASE_URL", None)
        content = b"%PDF-1.7\n" + secrets.token_bytes(64 * 1024) + b"\n%%EOF\n"
        (tmp_path / "upload.pdf").write_bytes(content)

        name = _python(_STORE, str(tmp_path / "upload.pdf"), env=env)
        _python(_READ, name, str(tmp_path / "download.pdf"), env=env)

        assert (tmp_path / "download.pdf").read_bytes() == content
        assert name == "evidence/2026/11/akt-priyomki.pdf"
        listed = client.list_objects_v2(Bucket="mosty-files")["Contents"]
        assert [item["Key"] for item in listed] == [f"media/{name}"]  # under MOSTY_S3_PREFIX
        grants = client.get_object_acl(Bucket="mosty-files", Key=f"media/{name}")["Grants"]
        assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner only: private
        # A second file of the same name gets a name of its own (file_overwrite off).
        assert _python(_STORE, str(tmp_path / "upload.pdf"), env=env) != name
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=15)
        log.close()
