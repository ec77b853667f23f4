"""Two app processes and one worker (two pool processes) on loopback, one PostgreSQL, one Redis:
what a user and the scheduler see must not depend on which process serves them.

Slow (it migrates a database and starts four servers); run alone with
`pytest -p no:cacheprovider mosty/topology_tests -m topology`. CI runs it in a step of its own.
"""

from __future__ import annotations

import email
import re
import secrets
import time
from collections import Counter
from typing import Any

import psycopg
import pytest
import redis

from mosty.topology_tests.conftest import DATABASE_URL, REDIS_URL, Topology
from mosty.topology_tests.webclient import Browser

pytestmark = pytest.mark.topology

LOGIN = "/accounts/login/"
LOGOUT = "/accounts/logout/"
MINE = "/commitments/"  # the signed-in user's commitments; anonymous visitors are sent to the login page


def _sign_in(browser: Browser, base: str, address: str, password: str) -> Any:
    form = browser.get(base, LOGIN)
    assert form.status == 200
    return browser.post_form(
        base, LOGIN, {"csrfmiddlewaretoken": form.csrf_token(), "login": address, "password": password}
    )


def _english() -> Browser:
    return Browser(cookies={"mosty_language": "en"})


def _query(sql: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(DATABASE_URL) as connection:
        return connection.execute(sql).fetchall()


def test_a_user_signed_in_on_one_process_continues_on_the_other(topology: Topology) -> None:
    cast = topology.cast
    browser = _english()
    signed_in = _sign_in(browser, topology.app_a, cast["reporter"]["email"], cast["password"])
    assert signed_in.status == 302, signed_in.text[-2000:]
    assert "sessionid" in browser.cookies

    page = browser.get(topology.app_b, MINE)
    assert page.status == 200
    assert cast["reported_commitment"]["title"] in page.text
    # The same request without the session cookie is an anonymous one: B knows the user only by it.
    stranger = _english().get(topology.app_b, MINE)
    assert stranger.status == 302
    assert stranger.location.startswith(LOGIN)
    # The session lives in Redis, not in either process.
    assert redis.Redis.from_url(REDIS_URL).keys("mosty-topology:*session*")


def test_a_file_uploaded_through_one_process_is_served_byte_identical_by_the_other(
    topology: Topology,
) -> None:
    cast = topology.cast
    browser = _english()
    assert _sign_in(browser, topology.app_a, cast["reporter"]["email"], cast["password"]).status == 302
    pk = cast["reported_commitment"]["pk"]
    content = b"%PDF-1.7\n" + secrets.token_bytes(256 * 1024) + b"\n%%EOF\n"

    form = browser.get(topology.app_a, f"/commitments/{pk}/report/")
    assert form.status == 200
    sent = browser.post_multipart(
        topology.app_a,
        f"/commitments/{pk}/report/",
        {
            "csrfmiddlewaretoken": form.csrf_token(),
            "reported_on": cast["today"],
            "text": "Образцы тканей отобраны, договор с выставочным центром Витебска подписан.",
        },
        {"evidence": ("dogovor-vystavka.pdf", "application/pdf", content)},
    )
    assert sent.status == 302, sent.text[-3000:]

    page = browser.get(topology.app_b, f"/commitments/{pk}/")
    assert page.status == 200
    links = re.findall(r'href="(/commitments/evidence/\d+/)"', page.text)
    assert len(links) == 1
    download = browser.get(topology.app_b, links[0])
    assert download.status == 200
    assert download.body == content
    assert "dogovor-vystavka.pdf" in download.headers.get("Content-Disposition", "")
    # Stored once, in the MEDIA_ROOT both processes share (locally a directory; S3 across machines).
    stored = [path for path in topology.media_root.rglob("*") if path.is_file()]
    assert [path.read_bytes() == content for path in stored] == [True]


def test_a_cache_change_through_one_process_is_seen_by_the_other(topology: Topology) -> None:
    """Failed logins are counted in the shared cache: five wrong passwords through A lock the account
    on B too, where even the right password is refused; a sign-out on B ends the session on A."""
    cast = topology.cast
    address = cast["throttled"]["email"]
    attacker = _english()
    for _attempt in range(5):
        refused = _sign_in(attacker, topology.app_a, address, "not-the-password")
        assert refused.status == 200
        assert "The email address and/or password you specified are not correct." in refused.text
    owner = _english()
    locked = _sign_in(owner, topology.app_b, address, cast["password"])
    assert locked.status == 200
    assert "Too many failed login attempts. Try again later." in locked.text
    assert "sessionid" not in owner.cookies

    reporter = _english()
    assert _sign_in(reporter, topology.app_b, cast["reporter"]["email"], cast["password"]).status == 302
    assert reporter.get(topology.app_a, MINE).status == 200
    page = reporter.get(topology.app_b, MINE)
    signed_out = reporter.post_form(topology.app_b, LOGOUT, {"csrfmiddlewaretoken": page.csrf_token()})
    assert signed_out.status == 302
    after = reporter.get(topology.app_a, MINE)
    assert after.status == 302
    assert after.location.startswith(LOGIN)


def _sent_mail(topology: Topology) -> Counter[str]:
    """Recipients of every message the file-based e-mail backend wrote, across all processes."""
    recipients: Counter[str] = Counter()
    for path in sorted(topology.mail_dir.glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79 + b"\n"):
            if chunk.strip():
                recipients[email.message_from_bytes(chunk)["To"]] += 1
    return recipients


def test_the_reminder_job_sent_twice_to_two_worker_processes_reminds_each_person_once(
    topology: Topology,
) -> None:
    from celery import Celery

    cast = topology.cast
    expected = cast["expected_reminders"]
    client = Celery("topology-client", broker=REDIS_URL, backend=REDIS_URL)
    try:
        started = time.monotonic()
        first = [client.send_task("mosty.commitments.check_commitments") for _ in range(2)]
        results = [result.get(timeout=180) for result in first]
        again = client.send_task("mosty.commitments.check_commitments").get(timeout=180)
        topology.timings["reminder jobs"] = round(time.monotonic() - started, 2)
    finally:
        client.close()

    assert sum(result["marked_overdue"] for result in results) == cast["overdue_commitments"]
    assert sum(result["reminders_sent"] for result in results) == expected
    assert again == {"marked_overdue": 0, "reminders_sent": 0}

    [(rows, keys)] = _query(
        "SELECT count(*), count(DISTINCT (commitment_id, kind, due_date, step, recipient_id)) "
        "FROM commitments_reminder"
    )
    assert rows == keys == expected
    kinds = dict(_query("SELECT kind, count(*) FROM commitments_reminder GROUP BY kind"))
    per = cast["overdue_commitments"]
    assert kinds == {"overdue": 2 * per, "escalation_coordinator": per, "escalation_commission": per}
    [(notifications,)] = _query("SELECT count(*) FROM core_notification")
    assert notifications == expected
    [(changes,)] = _query(
        "SELECT count(*) FROM core_auditentry WHERE changes ? 'status' AND actor_id IS NULL"
    )
    assert changes == cast["overdue_commitments"]  # each commitment marked overdue once, by the system
    mail = _sent_mail(topology)
    assert sum(mail.values()) == expected
    assert sorted(mail) == cast["recipients"]
    assert set(mail.values()) == {per}

    worker_log = next(process for process in topology.processes if process.name == "worker").log_tail(10**7)
    succeeded = re.findall(r"/(ForkPoolWorker-\d+)\] Task mosty\.commitments\.check_commitments", worker_log)
    assert len(succeeded) == 3
    topology.timings["pool processes used"] = len(set(succeeded))
