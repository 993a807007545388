"""Load test of the web tier as it runs in production: `.venv/bin/python bench/load.py [--seconds 30]`.

1. Create a fresh PostgreSQL database (dropped at the end), migrate it, load the demo programme and collect the
   static files into a temporary folder.
2. Start gunicorn with homecare/gunicorn.conf.py and production settings (DEBUG=0) on a free port of 127.0.0.1.
3. Sign-in: 50 concurrent clients (threads, each with its own session and connection) sign in at once, as people
   do at the start of the day: the form, then the POST with its CSRF token. Measured on its own: each sign-in costs
   a password hash that is slow on purpose (PBKDF2, about 0.4 s of one core), so 50 at once queue for the cores.
4. Journey: the signed-in clients go round the dashboard, the demo project's risk and issue registers, its plan, an
   in-place edit of a deliverable (project leaders only, who are half the clients), "papers for me" and one of those
   papers, until the time or the request cap runs out (after an unmeasured warm-up, so that no worker is measured
   compiling its templates).
5. Bare: the same clients, still signed in, ask for /healthz for the same time: a view that does almost nothing
   behind the same middleware (sessions, authentication, CSRF, security headers, axes).
6. Print requests, throughput, p50/p95/p99 latency and errors of each, the p95 ratio journey / bare against its
   target, and each page's figures; stop gunicorn and drop the database, whatever happened.

It only ever talks to 127.0.0.1. The exit status is 0 when there were no errors and the p95 ratio met its target.
"""

import argparse
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._http import LOOPBACK, Client, Sample, form_fields  # noqa: E402
from governance.seed_data import DEMO_PASSWORD, DEMO_USERS  # noqa: E402

TARGET_P95_RATIO = 5
LEADER = "project.leader"
# The documented answer to a save made from an older version (components/conflict.html): not an error.
CONFLICT_TEXT = "This record was changed by someone else while you were editing it."
DELIVERABLE_EDIT = re.compile(r'href="/projects/deliverables/(\d+)/edit/"')
PAPER_LINK = re.compile(r'href="(/projects/(?:highlight|exception)-reports/\d+/)"')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30, help="length of each phase (default 30)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--warm-up", type=float, default=5, help="unmeasured journey before the journey (default 5 s)")
    parser.add_argument(
        "--max-requests", type=int, default=50_000, help="most requests a phase sends, whatever the time (50000)"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/"),
        help="PostgreSQL server to create the database on; its database name is ignored "
        "(default $BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/)",
    )
    parser.add_argument("--db-prefix", default="hc_bench_", help="the database is named this plus the process id")
    parser.add_argument("--project", default="hcrc", help="the demo project the journey visits (default hcrc)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: the config file's 2 x cores + 1)")
    parser.add_argument("--threads", type=int, help="gunicorn threads per worker (default: the config file's)")
    args = parser.parse_args(argv)
    if args.seconds <= 0 or args.clients <= 0 or args.max_requests <= 0 or args.warm_up < 0:
        parser.error("--seconds, --clients and --max-requests must be positive")
    return args


# ------------------------------------------------------------------------------------------------------- set-up


def database_url(base, name):
    parts = urlsplit(base)
    if parts.hostname not in (LOOPBACK, "localhost"):
        raise SystemExit(f"The bench only runs against a database on this machine, not {parts.hostname}.")
    return urlunsplit(parts._replace(path="/" + name))


def create_database(base, name):
    with psycopg.connect(database_url(base, "postgres"), autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(base, name):
    with psycopg.connect(database_url(base, "postgres"), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def production_environment(db_url, folder):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    environment.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": LOOPBACK,
            # The bench's clients play the one proxy in front (bench/_http.py).
            "TRUSTED_PROXY_COUNT": "1",
            "DATABASE_URL": db_url,
            "STATIC_ROOT": str(folder / "static"),
            "MEDIA_ROOT": str(folder / "media"),
            # Nothing in the journey sends email; should anything try, it goes nowhere.
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
    )
    return environment


def manage(environment, *args):
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    print(f"  manage.py {' '.join(args)}: {time.perf_counter() - started:.1f} s")


def free_port():
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def start_gunicorn(environment, port, log, workers=None, threads=None):
    command = [sys.executable, "-m", "gunicorn", "-c", "homecare/gunicorn.conf.py", "--bind", f"{LOOPBACK}:{port}"]
    command += ["--graceful-timeout", "5"]  # the bench's clients have stopped by the time it asks gunicorn to stop
    if workers:
        command += ["--workers", str(workers)]
    if threads:
        command += ["--threads", str(threads)]
    # A session of its own, so that stopping it reaches its workers and nothing else.
    return subprocess.Popen(  # noqa: S603 (gunicorn from our virtual environment, fixed arguments)
        command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def wait_until_ready(server, base_url, log_path, seconds=90):
    probe = Client(base_url)
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn stopped while starting:\n{log_path.read_text(errors='replace')[-4000:]}")
            response = probe.request("ready", "GET", "/healthz", timeout=5)
            if response is not None and response.status_code == 200:
                return
            time.sleep(0.5)
    finally:
        probe.close()
    raise SystemExit(f"gunicorn did not answer /healthz within {seconds} s.")


def stop_gunicorn(server):
    if server is None or server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=15)


# ------------------------------------------------------------------------------------------------------ the load


class PhaseOver(Exception):
    """The phase's time or its request cap has run out."""


@dataclass
class Phase:
    seconds: float
    max_requests: int
    stop: threading.Event = field(default_factory=threading.Event)
    sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self):
        self.deadline = time.monotonic() + self.seconds

    def take(self):
        """Count one more request, or raise PhaseOver."""
        with self.lock:
            if self.stop.is_set() or time.monotonic() >= self.deadline or self.sent >= self.max_requests:
                raise PhaseOver
            self.sent += 1


class Visitor:
    """One person using the service: signs in once, then goes round the journey."""

    def __init__(self, base_url, username, project, seed):
        self.client = Client(base_url)
        self.username = username
        self.project = project
        self.signed_in = False
        self.tried_to_sign_in = False
        self.deliverables = []
        self.papers = []
        self.turn = seed

    def get(self, phase, page, path, **kwargs):
        phase.take()
        return self.client.request(page, "GET", path, **kwargs)

    def post(self, phase, page, path, data, **kwargs):
        phase.take()
        return self.client.request(page, "POST", path, data=data, **kwargs)

    def sign_in(self, phase):
        response = self.get(phase, "sign-in form", "/sign-in/")
        if response is None or response.status_code != 200:
            return
        fields = form_fields(response.text, action="/sign-in/")
        fields.update(username=self.username, password=DEMO_PASSWORD)
        response = self.post(phase, "sign-in", "/sign-in/", fields, expect=(302,))
        if response is not None and response.status_code == 302:
            if response.headers.get("Location") == "/":
                self.signed_in = True
            else:
                self.client.mark(f"redirected to {response.headers.get('Location')}")

    def sign_in_once(self, phase):
        if self.tried_to_sign_in:
            raise PhaseOver
        self.tried_to_sign_in = True
        self.sign_in(phase)

    def journey(self, phase):
        if not self.signed_in:
            raise PhaseOver  # counted among the sign-in errors
        self.get(phase, "dashboard", "/")
        self.get(phase, "risk register", f"/risks/{self.project}/risks/")
        self.get(phase, "issue register", f"/risks/{self.project}/issues/")
        response = self.get(phase, "plan", f"/projects/{self.project}/plan/")
        if self.username == LEADER and response is not None and response.status_code == 200:
            self.deliverables = self.deliverables or DELIVERABLE_EDIT.findall(response.text)
            self.edit_a_deliverable(phase)
        response = self.get(phase, "papers for me", "/projects/papers/")
        if response is not None and response.status_code == 200:
            self.papers = PAPER_LINK.findall(response.text)
        if self.papers:
            self.get(phase, "a paper", self.papers[self.turn % len(self.papers)])
        self.turn += 1

    def edit_a_deliverable(self, phase):
        """What htmx does on the plan: fetch the row's form in place, change % complete, post it with its version."""
        if not self.deliverables:
            self.client.mark("no deliverable to edit on the plan")
            return
        pk = self.deliverables[self.turn % len(self.deliverables)]
        path = f"/projects/deliverables/{pk}/edit/"
        htmx = {"HX-Request": "true"}
        response = self.get(phase, "plan edit (form)", path, headers=htmx)
        if response is None or response.status_code != 200:
            return
        fields = form_fields(response.text, action=path)
        if "version" not in fields:
            self.client.mark("no version in the edit form")
            return
        if fields.get("status") != "complete":
            fields["percent_complete"] = str((self.turn * 7) % 100)
        response = self.post(phase, "plan edit (save)", path, fields, headers=htmx)
        if response is None or response.status_code != 200:
            return
        if CONFLICT_TEXT in response.text:
            self.client.mark("conflict")
        elif f'id="deliverable-{pk}"' not in response.text or "app-item-edit" in response.text:
            self.client.mark("save refused")

    def bare(self, phase):
        response = self.get(phase, "/healthz", "/healthz")
        if response is not None and response.status_code == 200 and response.text != "ok":
            self.client.mark("not ok")


def process_tree_cpu(pid):
    """CPU seconds used so far by a process and its descendants, those still running and those it has waited for
    (from /proc; 0 when it cannot be read)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    ticks = sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK") + sum(process_tree_cpu(int(child)) for child in children)


def postgres_pid(db_url):
    """The PostgreSQL server's process (its postmaster), when it runs on this machine and its files can be read."""
    try:
        with psycopg.connect(db_url) as connection:
            folder = connection.execute("SHOW data_directory").fetchone()[0]
        return int((Path(folder) / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError, psycopg.Error):
        return None


def run_phase(visitors, step, seconds, max_requests, meters=None):
    """Run `step(visitor, phase)` in a loop in one thread per visitor until the phase is over; return its samples.
    meters: {name: pid} of the processes whose CPU time (with their children's) the phase should report."""
    meters = {name: pid for name, pid in (meters or {}).items() if pid}
    before = {name: process_tree_cpu(pid) for name, pid in meters.items()}
    for visitor in visitors:
        visitor.client.samples = []
    phase = Phase(seconds, max_requests)

    def loop(visitor):
        try:
            while True:
                step(visitor, phase)
        except PhaseOver:
            pass
        except Exception as error:  # a bug in the bench is reported as such, not as the app's error
            visitor.client.samples.append(Sample("bench", 0.0, f"bench error: {error!r}"))

    threads = [threading.Thread(target=loop, args=(v,), daemon=True) for v in visitors]
    started, cpu = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            thread.join()
    except KeyboardInterrupt:
        phase.stop.set()
        raise
    elapsed = time.perf_counter() - started
    samples = [s for v in visitors for s in v.client.samples]
    # The clients share the machine with the server: say how much of it each took, and per request.
    used = {"the clients": time.process_time() - cpu}
    used |= {name: process_tree_cpu(pid) - before[name] for name, pid in meters.items()}
    per_request = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in used.items())
    each = ", ".join(f"{name} {seconds * 1000 / max(len(samples), 1):.1f}" for name, seconds in used.items())
    print(f"  {elapsed:.1f} s; CPU used: {per_request}; ms of CPU per request: {each}")
    return samples, elapsed


# ------------------------------------------------------------------------------------------------------ figures


def percentile(sorted_values, p):
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return math.nan
    return sorted_values[max(0, math.ceil(p / 100 * len(sorted_values)) - 1)]


@dataclass
class Summary:
    name: str
    requests: int
    elapsed: float
    p50: float
    p95: float
    p99: float
    errors: dict
    conflicts: int

    @classmethod
    def of(cls, name, samples, elapsed):
        latencies = sorted(s.seconds * 1000 for s in samples)
        errors = defaultdict(int)
        for s in samples:
            if s.outcome not in ("ok", "conflict"):
                errors[f"{s.page}: {s.outcome}"] += 1
        return cls(
            name,
            len(samples),
            elapsed,
            percentile(latencies, 50),
            percentile(latencies, 95),
            percentile(latencies, 99),
            dict(errors),
            sum(s.outcome == "conflict" for s in samples),
        )

    def line(self):
        return (
            f"{self.name:<8} {self.requests:>8} {self.requests / self.elapsed:>9.1f} {self.p50:>8.0f} {self.p95:>8.0f}"
            f" {self.p99:>8.0f} {sum(self.errors.values()):>7} {self.conflicts:>9}"
        )


def report(phases, clients, seconds):
    """Print the figures of each phase ({name: (samples, elapsed)}); True when there was no error and the target met."""
    summaries = {name: Summary.of(name, samples, elapsed) for name, (samples, elapsed) in phases.items()}
    print(f"\n{clients} concurrent clients; journey and bare {seconds:g} s each; latency in ms\n")
    print(f"{'phase':<8} {'requests':>8} {'req/s':>9} {'p50':>8} {'p95':>8} {'p99':>8} {'errors':>7} {'conflicts':>9}")
    for summary in summaries.values():
        print(summary.line())
    journey, bare = summaries["journey"], summaries["bare"]
    ratio = journey.p95 / bare.p95 if bare.p95 else math.inf
    met = ratio <= TARGET_P95_RATIO
    print(
        f"\np95 journey / p95 bare = {journey.p95:.0f} / {bare.p95:.0f} = {ratio:.1f} "
        f"(target: at most {TARGET_P95_RATIO}): {'met' if met else 'NOT met'}"
    )
    print(f"\n{'page':<20} {'requests':>8} {'p50':>8} {'p95':>8} {'errors':>7} {'conflicts':>9}")
    by_page = defaultdict(list)
    for samples, _ in phases.values():
        for sample in samples:
            by_page[sample.page].append(sample)
    for page, samples in by_page.items():
        summary = Summary.of(page, samples, 1)
        print(
            f"{page:<20} {summary.requests:>8} {summary.p50:>8.0f} {summary.p95:>8.0f}"
            f" {sum(summary.errors.values()):>7} {summary.conflicts:>9}"
        )
    errors = {what: count for summary in summaries.values() for what, count in summary.errors.items()}
    if errors:
        print("\nErrors:")
        for what, count in sorted(errors.items(), key=lambda item: -item[1]):
            print(f"  {count:>6}  {what}")
    return not errors and met


# ---------------------------------------------------------------------------------------------------------- main


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv=None):
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    name = f"{args.db_prefix}{os.getpid()}"
    db_url = database_url(args.database_url, name)
    folder = Path(tempfile.mkdtemp(prefix="homecare-bench-"))
    environment = production_environment(db_url, folder)
    server = None
    log_path = folder / "gunicorn.log"
    created = False
    keep_log = False
    visitors = []
    try:
        print(f"Database {name} on {urlsplit(args.database_url).hostname}")
        create_database(args.database_url, name)
        created = True
        manage(environment, "migrate", "--no-input", "-v", "0")
        manage(environment, "seed_demo")
        if not (ROOT / "static" / "build" / "application.css").exists():
            raise SystemExit("The styles are not built: run `make assets` (npm ci && npm run build) first.")
        manage(environment, "collectstatic", "--no-input", "-v", "0")

        port = free_port()
        base_url = f"http://{LOOPBACK}:{port}"
        with log_path.open("wb") as log:
            server = start_gunicorn(environment, port, log, args.workers, args.threads)
        wait_until_ready(server, base_url, log_path)
        print(f"gunicorn on {base_url} (pid {server.pid}), log {log_path}")

        readers = [username for username, *_ in DEMO_USERS if username != LEADER]
        for index in range(args.clients):
            username = LEADER if index % 2 == 0 else readers[(index // 2) % len(readers)]
            visitors.append(Visitor(base_url, username, args.project, seed=index))

        meters = {"gunicorn": server.pid, "PostgreSQL": postgres_pid(db_url)}
        print(f"Sign-in: {args.clients} clients at once ...")
        phases = {"sign-in": run_phase(visitors, Visitor.sign_in_once, 600, 2 * args.clients)}
        signed_in = sum(v.signed_in for v in visitors)
        if signed_in < len(visitors):
            print(f"Only {signed_in} of {len(visitors)} clients managed to sign in.")
        if args.warm_up:
            print(f"Warm-up: {args.warm_up:g} s of the journey, not measured ...")
            run_phase(visitors, Visitor.journey, args.warm_up, args.max_requests)
        print(f"Journey: {args.clients} clients for {args.seconds:g} s ...")
        phases["journey"] = run_phase(visitors, Visitor.journey, args.seconds, args.max_requests, meters)
        print(f"Bare /healthz: {args.clients} signed-in clients for {args.seconds:g} s ...")
        phases["bare"] = run_phase(visitors, Visitor.bare, args.seconds, args.max_requests, meters)
        good = report(phases, args.clients, args.seconds)
        server_errors = [line for line in log_path.read_text(errors="replace").splitlines() if "Traceback" in line]
        keep_log = bool(server_errors) or not good
        if server_errors:
            print(f"\ngunicorn's log has {len(server_errors)} tracebacks.")
        return 0 if good else 1
    except KeyboardInterrupt:
        print("\nInterrupted; cleaning up.")
        return 130
    finally:
        for visitor in visitors:
            visitor.client.close()
        stop_gunicorn(server)
        if created:
            drop_database(args.database_url, name)
            print(f"Dropped database {name}")
        if keep_log and log_path.exists():
            shutil.rmtree(folder / "static", ignore_errors=True)
            print(f"gunicorn's log kept at {log_path}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
