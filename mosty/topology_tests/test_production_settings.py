"""The production variables, read by a fresh interpreter each time (settings are read once per
process): the pooler, the file storage, the proxy headers, the task queue, the e-mail backend, and
`check --deploy` passing with the whole production set."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from typing import Any

import pytest

from mosty.topology_tests.conftest import REPOSITORY

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-for-the-settings-tests-0123456789",
    "DJANGO_ALLOWED_HOSTS": "mosty.example",
    "DATABASE_URL": "postgres://mosty:secret@127.0.0.1:6432/mosty",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_HOST": "smtp.mosty.example",
}

_PRINT = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name, None) for name in %r}, default=str))
"""


def _clean_environment(extra: dict[str, str]) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MOSTY_"))}
    for key in ("DATABASE_URL", "DATABASE_POOLER", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_HOST"):
        env.pop(key, None)
    return {**env, "DJANGO_SETTINGS_MODULE": "mosty.settings", **extra}


def _settings(names: list[str], **variables: str) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", _PRINT % (names,)],
        cwd=REPOSITORY,
        env=_clean_environment(variables),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _fails(**variables: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", _PRINT % (["DEBUG"],)],
        cwd=REPOSITORY,
        env=_clean_environment(variables),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    return done.stderr


def test_behind_pgbouncer_no_server_side_cursors_and_no_prepared_statements() -> None:
    pooled = _settings(["DATABASES"], **PRODUCTION, DATABASE_POOLER="pgbouncer")["DATABASES"]["default"]
    assert pooled["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert pooled["OPTIONS"]["prepare_threshold"] is None
    assert pooled["PORT"] == 6432
    direct = _settings(["DATABASES"], **PRODUCTION)["DATABASES"]["default"]
    assert direct.get("DISABLE_SERVER_SIDE_CURSORS", False) is False
    assert "prepare_threshold" not in direct.get("OPTIONS", {})
    assert "DATABASE_POOLER must be empty or 'pgbouncer'" in _fails(**PRODUCTION, DATABASE_POOLER="pgpool")


def test_uploaded_files_on_the_filesystem_unless_a_bucket_is_named(tmp_path: Any) -> None:
    local = _settings(["STORAGES", "MEDIA_ROOT"], **PRODUCTION, DJANGO_MEDIA_ROOT=str(tmp_path))
    assert local["STORAGES"]["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert local["MEDIA_ROOT"] == str(tmp_path)
    bucket = {
        "MOSTY_S3_BUCKET": "mosty-files",
        "MOSTY_S3_ENDPOINT_URL": "https://s3.storage.example",
        "MOSTY_S3_REGION": "ru-central1",
        "MOSTY_S3_ADDRESSING_STYLE": "path",
    }
    if importlib.util.find_spec("storages") is None:
        assert "django-storages is missing" in _fails(**PRODUCTION, **bucket)
        return
    storage = _settings(["STORAGES"], **PRODUCTION, **bucket)["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "mosty-files",
        "endpoint_url": "https://s3.storage.example",
        "region_name": "ru-central1",
        "location": "media",
        "addressing_style": "path",
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }


def test_the_proxy_headers_are_trusted_only_when_behind_the_proxy() -> None:
    names = ["SECURE_PROXY_SSL_HEADER", "USE_X_FORWARDED_HOST"]
    assert _settings(names, **PRODUCTION) == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "USE_X_FORWARDED_HOST": False,
    }
    direct = _settings(names, **PRODUCTION, MOSTY_BEHIND_PROXY="0", MOSTY_USE_X_FORWARDED_HOST="1")
    assert direct == {"SECURE_PROXY_SSL_HEADER": None, "USE_X_FORWARDED_HOST": True}
    assert _settings(names)["SECURE_PROXY_SSL_HEADER"] is None  # development: no proxy assumed


def test_the_task_queue_takes_one_task_per_process_and_acknowledges_when_done() -> None:
    names = [
        "CELERY_BROKER_URL",
        "CELERY_RESULT_BACKEND",
        "CELERY_TASK_ALWAYS_EAGER",
        "CELERY_WORKER_PREFETCH_MULTIPLIER",
        "CELERY_TASK_ACKS_LATE",
        "CELERY_TASK_REJECT_ON_WORKER_LOST",
    ]
    assert _settings(names, **PRODUCTION) == {
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "CELERY_RESULT_BACKEND": None,
        "CELERY_TASK_ALWAYS_EAGER": False,
        "CELERY_WORKER_PREFETCH_MULTIPLIER": 1,
        "CELERY_TASK_ACKS_LATE": True,
        "CELERY_TASK_REJECT_ON_WORKER_LOST": True,
    }
    chosen = _settings(
        names,
        **PRODUCTION,
        CELERY_BROKER_URL="redis://broker.internal:6379/1",
        CELERY_RESULT_BACKEND="redis://broker.internal:6379/2",
        CELERY_WORKER_PREFETCH_MULTIPLIER="4",
    )
    assert chosen["CELERY_BROKER_URL"] == "redis://broker.internal:6379/1"
    assert chosen["CELERY_RESULT_BACKEND"] == "redis://broker.internal:6379/2"
    assert chosen["CELERY_WORKER_PREFETCH_MULTIPLIER"] == 4


def test_an_explicit_email_backend_wins(tmp_path: Any) -> None:
    names = ["EMAIL_BACKEND", "EMAIL_FILE_PATH"]
    assert _settings(names, **PRODUCTION)["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert _settings(
        names,
        **PRODUCTION,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path),
    ) == {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path),
    }


@pytest.mark.parametrize("pooler", ["", "pgbouncer"])
def test_check_deploy_passes_with_the_production_variables(pooler: str, tmp_path: Any) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPOSITORY,
        env=_clean_environment(
            {
                **PRODUCTION,
                "DATABASE_POOLER": pooler,
                "MOSTY_TRUSTED_PROXY_COUNT": "1",
                "MOSTY_VAR_DIR": str(tmp_path),
            }
        ),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert "no issues" in done.stdout
