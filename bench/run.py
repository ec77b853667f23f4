"""`make bench`: the platform as in production (gunicorn, DEBUG off, PostgreSQL, Redis) on a seeded
database, measured with wrk on loopback against a bare Django view on the same server (the ceiling).

Environment (defaults in brackets):
  BENCH_SCALE [0.01]       seed_scale scale of the database (seeded if not already at that scale)
  BENCH_DURATION [5]       seconds per scenario and concurrency
  BENCH_MAX_REQUESTS [20000] responses per wrk thread at most (the count bound)
  BENCH_CONCURRENCY [1,8,32]
  BENCH_DB [postgres://postgres@127.0.0.1:5432/mosty_bench]
  BENCH_REDIS [redis://127.0.0.1:6379/14]
  BENCH_WORKERS [2]        gunicorn sync workers; see README "Benchmarks" for why two on two cores
  BENCH_PORT [8765]
  BENCH_ONLY               comma-separated scenario names, to run a few (the README is left alone)
  BENCH_README [1]         0: do not copy the table into the README
Writes results/latest.json and results/latest.md, and the table into README between the bench markers.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
SECRET = "bench-secret-key-not-for-production-" + "x" * 20

SCALE = float(os.environ.get("BENCH_SCALE", "0.01"))
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "20000"))
CONCURRENCY = [int(c) for c in os.environ.get("BENCH_CONCURRENCY", "1,8,32").split(",")]
DB = os.environ.get("BENCH_DB", "postgres://postgres@127.0.0.1:5432/mosty_bench")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/14")
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
ONLY = {name for name in os.environ.get("BENCH_ONLY", "").split(",") if name}
BASE = f"http://127.0.0.1:{PORT}"

SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "mosty.scale.bench_settings",
    "DATABASE_URL": DB,
    "REDIS_URL": REDIS,
    "MOSTY_CACHE_PREFIX": "mosty-bench",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_COOKIES": "0",
    "MOSTY_BEHIND_PROXY": "0",
    "MOSTY_STAFF_MFA_REQUIRED": "1",
    "DJANGO_LOG_LEVEL": "WARNING",
    "MOSTY_VAR_DIR": str(ROOT / "var" / "bench"),
    "CELERY_TASK_ALWAYS_EAGER": "0",
}
os.environ.update(SERVER_ENV)

# Anonymous reads must reach 1/4 of the ceiling's throughput, signed-in pages and writes 1/10.
ANONYMOUS, SIGNED_IN = "anonymous", "signed-in"
P95_TARGET_MS = 50.0


@dataclass
class Scenario:
    name: str
    label: str
    audience: str
    requests: list[tuple[str, str, str, str]] = field(default_factory=list)  # method, path, cookie, body
    note: str = ""  # why it is not available

    @property
    def available(self) -> bool:
        return bool(self.requests)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


def manage(*args: str, quiet: bool = False) -> None:
    subprocess.run(  # noqa: S603 - our own manage.py
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def prepare_database() -> None:
    import psycopg

    parsed = urllib.parse.urlparse(DB)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            log(f"creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')
    log("migrate")
    manage("migrate", "--noinput", "-v0")


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ensure_data() -> None:
    from mosty.scale.models import SeedStep
    from mosty.territories.models import Region

    if not Region.objects.exists():
        log("load_reference_data")
        manage("load_reference_data", quiet=True)
    scales = set(SeedStep.objects.values_list("scale", flat=True))
    args = ["seed_scale", "--scale", str(SCALE)]
    if scales and scales != {SCALE}:
        log(f"database seeded at {sorted(scales)}: reseeding at {SCALE}")
        args.append("--reset")
    log(f"seed_scale --scale {SCALE} (resumes or does nothing when already seeded)")
    manage(*args)


# --- sessions and scenarios -----------------------------------------------------------------------


def bench_users(count: int) -> list[Any]:
    """Signed-in clients: citizens with confirmed e-mail at bench.mosty.local, new ones for each run, so
    the writes (a support, a registration per user and object) never run out however often it runs."""
    from allauth.account.models import EmailAddress

    from mosty.accounts.models import User

    run = time.strftime("%Y%m%d%H%M%S", time.gmtime())
    users = []
    for number in range(count):
        email = f"bench{run}-{number}@bench.mosty.local"
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": f"Нагрузочный тест {number}"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        users.append(user)
    return users


def session_cookie(user: Any) -> str:
    """A session in the shared cache (Redis), as a login would leave it, and a CSRF cookie."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return (
        f"{settings.SESSION_COOKIE_NAME}={store.session_key}; {settings.CSRF_COOKIE_NAME}={csrf_secret(user)}"
    )


def csrf_secret(user: Any) -> str:
    return f"{user.pk:0>8}".rjust(32, "a")[:32]


def get(path: str) -> tuple[str, str, str, str]:
    return ("GET", path, "", "")


def discover(users: list[Any]) -> list[Scenario]:
    """The scenarios, with URLs found in the seeded data. A page whose app or URL is missing is
    reported as not available; it is picked up by the next run once it exists."""
    from django.db.models import Count, F, Q
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from mosty.agreements.models import Agreement, AgreementStatus, Visibility
    from mosty.events.models import Event, EventKind
    from mosty.scale.models import SeedStep
    from mosty.territories.models import Region, Settlement

    seeded = {label: bounds for step in SeedStep.objects.all() for label, bounds in step.ranges.items()}

    def seeded_ids(label: str) -> Q:
        first, last = seeded.get(label, (1, 0))
        return Q(pk__gte=first, pk__lte=last)

    def url(name: str, *args: Any) -> str | None:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            return None

    scenarios: list[Scenario] = []

    def add(
        name: str, label: str, audience: str, requests: list[tuple[str, str, str, str]], note: str = ""
    ) -> None:
        if ONLY and name not in ONLY:
            return
        scenarios.append(Scenario(name, label, audience, requests, note if not requests else ""))

    add("ceiling", "bare Django view (ceiling)", ANONYMOUS, [get("/bench/ceiling")])
    add("home", "home page", ANONYMOUS, [get("/")])
    regions = Region.objects.annotate(n=Count("organisations")).order_by("-n")[:10]
    add(
        "region",
        "region page",
        ANONYMOUS,
        [get(path) for r in regions if (path := url("region_detail", r.code))],
    )
    biggest = regions[0] if regions else None
    list_url = url("agreements:list")
    filters = [
        f"?status={AgreementStatus.IN_FORCE}",
        f"?region={biggest.code}&status={AgreementStatus.IN_FORCE}" if biggest else "?kind=regions",
        "?kind=organisations&sort=-progress",
        "?overdue=on",
    ]
    add(
        "agreement_list",
        "agreement list with filters",
        ANONYMOUS,
        [get(list_url + f) for f in filters] if list_url else [],
    )
    agreements = (
        Agreement.objects.filter(seeded_ids("agreements.Agreement"), visibility=Visibility.PUBLIC)
        .exclude(status=AgreementStatus.DRAFT)
        .order_by("-id")[:20]
    )
    add(
        "agreement",
        "agreement page",
        ANONYMOUS,
        [get(p) for a in agreements if (p := url("agreements:detail", a.pk))],
    )
    forums = Event.objects.filter(kind=EventKind.FORUM).annotate(n=Count("agreements")).order_by("-n")[:5]
    add("forum", "forum page", ANONYMOUS, [get(p) for f in forums if (p := url("events:detail", f.pk))])

    try:
        from mosty.initiatives.models import Initiative
    except ImportError:
        Initiative = None  # type: ignore[assignment,misc]
    initiative_note = "initiatives app not installed"
    if Initiative is not None and url("initiatives:list"):
        add("initiative_list", "initiative list", ANONYMOUS, [get(url("initiatives:list") or "")])
        # The initiatives with the most comments, then the most supporters: the heaviest pages.
        commented: list[int] = []
        try:
            from mosty.comments.models import Comment

            top = Comment.objects.filter(kind="initiative").values("target_id").annotate(n=Count("id"))
            commented = list(top.order_by("-n").values_list("target_id", flat=True)[:200])
        except ImportError:
            pass
        candidates = Initiative.objects.filter(seeded_ids("initiatives.Initiative"), status="collecting")
        shown = list(candidates.filter(pk__in=commented).order_by("-support_count")[:20])
        shown = shown or list(candidates.order_by("-support_count")[:20])
        add(
            "initiative",
            "initiative page with comments",
            ANONYMOUS,
            [get(url("initiatives:detail", i.pk) or "") for i in shown],
        )
        cookies = [session_cookie(user) for user in users]
        add(
            "initiative_signed_in",
            "initiative page, signed in",
            SIGNED_IN,
            [
                ("GET", url("initiatives:detail", i.pk) or "", cookies[n % len(cookies)], "")
                for n, i in enumerate(shown)
            ],
        )
        # Writes: every (user, initiative) pair once; initiatives far from their threshold stay collecting.
        open_ones = list(
            Initiative.objects.filter(
                seeded_ids("initiatives.Initiative"),
                status="collecting",
                collect_until__gt=timezone.localdate(),
            )
            .exclude(supports__user__in=users)
            # Room for every bench user below the threshold: reaching it would close the support.
            .annotate(room=F("threshold") - F("support_count"))
            .filter(room__gt=len(users))
            .order_by("-room", "id")[:400]
        )
        region = Region.objects.order_by("pk").first()
        writes = [
            (
                "POST",
                url("initiatives:support", initiative.pk) or "",
                cookies[n],
                urllib.parse.urlencode(
                    {"region": region.pk if region else "", "csrfmiddlewaretoken": csrf_secret(user)}
                ),
            )
            for initiative in open_ones
            for n, user in enumerate(users)
        ]
        add("support", "support an initiative (write)", SIGNED_IN, writes)
    else:
        for name, label, audience in (
            ("initiative_list", "initiative list", ANONYMOUS),
            ("initiative", "initiative page with comments", ANONYMOUS),
            ("support", "support an initiative (write)", SIGNED_IN),
        ):
            add(name, label, audience, [], initiative_note)

    events = list(
        Event.objects.filter(seeded_ids("events.Event"), start_date__gt=timezone.localdate())
        .annotate(n=Count("registrations"))
        .order_by("-n")[:200]
    )
    add("event", "event page", ANONYMOUS, [get(p) for e in events[:20] if (p := url("events:detail", e.pk))])
    cookies = [session_cookie(user) for user in users]
    registrations = [
        (
            "POST",
            url("events:register", event.pk) or "",
            cookies[n],
            urllib.parse.urlencode({"csrfmiddlewaretoken": csrf_secret(user)}),
        )
        for event in events
        if not event.registrations.filter(user__in=users).exists()
        for n, user in enumerate(users)
    ]
    add(
        "registration",
        "register for an event (write)",
        SIGNED_IN,
        registrations if url("events:register", 1) else [],
    )
    towns = list(Settlement.objects.order_by("-population").values_list("name_ru", flat=True)[:20])
    search = url("territories:settlement_list")
    add(
        "search",
        "settlement search",
        ANONYMOUS,
        [get(f"{search}?q={urllib.parse.quote(t[:4])}") for t in towns] if search else [],
    )
    api_paths = ["/api/v1/agreements", "/api/v1/organisations", "/api/v1/initiatives", "/api/v1/events"]
    add("api", "API lists", ANONYMOUS, [get(p) for p in api_paths])
    return scenarios


# --- the server and the load generator ------------------------------------------------------------


def start_server() -> subprocess.Popen[bytes]:
    log(f"collectstatic; gunicorn with {WORKERS} sync workers on {BASE}")
    manage("collectstatic", "--noinput", "-v0")
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "mosty.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ},
    )
    for _ in range(60):
        try:
            with urllib.request.urlopen(f"{BASE}/healthz", timeout=10) as response:  # noqa: S310
                if response.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the server did not answer /healthz")


def sample_queries(scenario: Scenario) -> tuple[int | None, int | None, str]:
    """SQL queries per request from the X-Mosty-Queries header: min and max over a few requests
    (the item list's last ones, so the writes sampled are not replayed by the load)."""
    counts, statuses = [], set()
    items = (
        scenario.requests[-3:]
        if scenario.audience == SIGNED_IN and len(scenario.requests) > 50
        else scenario.requests[:5]
    )
    for method, path, cookie, body in items:
        request = urllib.request.Request(  # noqa: S310
            BASE + path,
            method=method,
            data=body.encode() if method == "POST" else None,
            headers={
                "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": BASE + "/",
            }
            if cookie or method == "POST"
            else {},
        )
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=60)
            status, header = response.status, response.headers.get("X-Mosty-Queries")
        except urllib.error.HTTPError as error:
            status, header = error.code, error.headers.get("X-Mosty-Queries")
        except TimeoutError:
            log(f"{scenario.name}: {method} {path} took more than 60 s")
            status, header = 0, None
        statuses.add(status)
        if header is not None:
            counts.append(int(header))
    if scenario.audience == SIGNED_IN and len(scenario.requests) > 50:
        del scenario.requests[-3:]
    return (
        min(counts) if counts else None,
        max(counts) if counts else None,
        ",".join(map(str, sorted(statuses))),
    )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def run_wrk(scenario: Scenario, concurrency: int, offset: int) -> dict[str, Any]:
    threads = min(concurrency, 2)
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as handle:
        items = scenario.requests[offset:] or scenario.requests
        for method, path, cookie, body in items:
            handle.write(f"{method}\t{path}\t{cookie}\t{body}\n")
        requests_file = handle.name
    env = {**os.environ, "BENCH_REQUESTS": requests_file, "BENCH_THREADS": str(threads)}
    env["BENCH_LIMIT"] = str(MAX_REQUESTS)
    command = ["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{DURATION}s", "--timeout", "10s"]
    command += ["-s", str(ROOT / "bench" / "wrk.lua"), BASE]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout  # noqa: S603
    os.unlink(requests_file)
    match = re.search(r"BENCH-JSON (\{.*\})", output)
    if not match:
        raise SystemExit(f"wrk printed no report:\n{output}")
    raw = json.loads(match.group(1))
    seconds = raw["duration_us"] / 1e6
    errors = (
        raw["non_2xx_3xx"]
        + raw["connect_errors"]
        + raw["read_errors"]
        + raw["write_errors"]
        + raw["timeouts"]
    )
    return {
        "concurrency": concurrency,
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "errors": errors,
        "error_detail": {
            k: raw[k] for k in ("non_2xx_3xx", "connect_errors", "read_errors", "write_errors", "timeouts")
        },
    }


# --- machine and report ---------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    from django import get_version
    from django.db import connection

    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    memory = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"MemTotal:\s*(\d+)", meminfo.read_text())
        memory = int(found.group(1)) // 1024 if found else 0
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    import redis

    redis_version = redis.Redis.from_url(REDIS).info().get("redis_version", "?")
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split("\n")[0]  # noqa: S607
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_mb": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": get_version(),
        "postgresql": postgres,
        "redis": redis_version,
        "wrk": "wrk " + (re.findall(r"\d+\.\d+\.\d+", wrk_version) or ["?"])[0],
        "gunicorn_workers": WORKERS,
        "load_average_start": os.getloadavg(),
    }


def table(report: dict[str, Any]) -> str:
    m = report["machine"]
    lines = [
        f"Measured {report['finished']} on {m['cpu']} ({m['cores']} cores, {m['ram_mb'] // 1024} GB RAM), "
        f"Python {m['python']}, Django {m['django']}, PostgreSQL {m['postgresql']}, Redis {m['redis']}, "
        f"gunicorn {m['gunicorn_workers']} sync workers, {m['wrk']} on loopback; scale {report['scale']}, "
        f"{report['duration']} s per cell; load average before/after "
        f"{m['load_average_start'][0]:.1f}/{report['load_average_end'][0]:.1f}.",
        "",
        "| scenario | who | queries | c=1 rps | c=8 rps | c=32 rps | p50 / p95 / p99 ms at 32 "
        "| vs ceiling | errors | targets |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |",
    ]
    for row in report["scenarios"]:
        if not row["available"]:
            lines.append(
                f"| {row['label']} | {row['audience']} | | | | | not available: {row['note']} | | | |"
            )
            continue
        by_c = {cell["concurrency"]: cell for cell in row["runs"]}
        rps = [f"{by_c[c]['rps']:.0f}" if c in by_c else "" for c in (1, 8, 32)]
        top = by_c.get(max(by_c)) if by_c else None
        latency = f"{top['p50_ms']} / {top['p95_ms']} / {top['p99_ms']}" if top else ""
        if top and not top["requests"]:
            latency = f"none answered within {report['duration']} s"
        queries = (
            ""
            if row["queries_min"] is None
            else (
                str(row["queries_min"])
                if row["queries_min"] == row["queries_max"]
                else f"{row['queries_min']}–{row['queries_max']}"
            )
        )
        ratio = f"{row['ratio_to_ceiling']:.2f}" if row.get("ratio_to_ceiling") is not None else ""
        errors = sum(cell["errors"] for cell in row["runs"])
        lines.append(
            f"| {row['label']} | {row['audience']} | {queries} | {' | '.join(rps)} | {latency} | {ratio} "
            f"| {errors} | {row['verdict']} |"
        )
    return "\n".join(lines) + "\n"


def verdict(row: dict[str, Any]) -> str:
    if row["name"] == "ceiling" or not row["runs"]:
        return ""
    top = max(row["runs"], key=lambda cell: cell["concurrency"])
    misses = []
    if not top["requests"]:
        misses.append("no response completed in the run")
    elif top["p95_ms"] > P95_TARGET_MS:
        misses.append(f"p95 {top['p95_ms']} ms > {P95_TARGET_MS:.0f}")
    needed = 0.25 if row["audience"] == ANONYMOUS else 0.10
    if row.get("ratio_to_ceiling") is not None and row["ratio_to_ceiling"] < needed:
        misses.append(f"throughput {row['ratio_to_ceiling']:.2f} < {needed:.2f} of ceiling")
    if any(cell["errors"] for cell in row["runs"]):
        misses.append("errors")
    return "met" if not misses else "missed: " + "; ".join(misses)


def write_readme(markdown: str) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text()
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _old, after = rest.split(end, 1)
        readme.write_text(f"{before}{start}\n{markdown}{end}{after}")
        log("README table updated")
    else:
        log("README has no bench markers: table not copied")


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (make bench does it)")
    prepare_database()
    setup_django()
    ensure_data()
    info = machine()
    users = bench_users(64)
    scenarios = discover(users)
    server = start_server()
    rows = []
    try:
        for scenario in scenarios:
            row: dict[str, Any] = {
                "name": scenario.name,
                "label": scenario.label,
                "audience": scenario.audience,
                "available": scenario.available,
                "note": scenario.note,
                "urls": sorted({path for _m, path, _c, _b in scenario.requests})[:5],
                "runs": [],
                "queries_min": None,
                "queries_max": None,
            }
            rows.append(row)
            if not scenario.available:
                log(f"{scenario.name}: not available ({scenario.note or 'no URL or no data'})")
                continue
            log(f"{scenario.name}: sampling the queries per request")
            row["queries_min"], row["queries_max"], row["sample_status"] = sample_queries(scenario)
            offset = 0
            for concurrency in CONCURRENCY:
                cell = run_wrk(scenario, concurrency, offset)
                if scenario.audience == SIGNED_IN and scenario.requests[0][0] == "POST":
                    offset += cell["requests"]  # writes never replay an item
                row["runs"].append(cell)
                log(
                    f"{scenario.name:<22} c={concurrency:<3} {cell['rps']:>8.1f} rps  p50 {cell['p50_ms']} "
                    f"p95 {cell['p95_ms']} p99 {cell['p99_ms']} ms  errors {cell['errors']}  queries "
                    f"{row['queries_min']}"
                )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    ceiling = next((r for r in rows if r["name"] == "ceiling" and r["runs"]), None)
    for row in rows:
        if ceiling and row["runs"]:
            best = max(cell["rps"] for cell in row["runs"])
            top = max(cell["rps"] for cell in ceiling["runs"])
            row["ratio_to_ceiling"] = round(best / top, 3) if top else None
        row["verdict"] = verdict(row)
    report = {
        "finished": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "scale": SCALE,
        "duration": DURATION,
        "max_requests_per_thread": MAX_REQUESTS,
        "concurrency": CONCURRENCY,
        "machine": info,
        "load_average_end": os.getloadavg(),
        "scenarios": rows,
        "notes": "ratio_to_ceiling: the scenario's best requests/s over the ceiling's best requests/s.",
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    markdown = table(report)
    # latest.* is the last run; scale-<N>.* keeps the last run at each scale side by side.
    for stem in ("latest", f"scale-{SCALE:g}"):
        (RESULTS / f"{stem}.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        (RESULTS / f"{stem}.md").write_text(markdown)
    print()
    print(markdown)
    if not ONLY and os.environ.get("BENCH_README", "1") != "0":
        write_readme(markdown)


if __name__ == "__main__":
    main()
