"""Server time of the main pages against the Django admin changelist of the same model and rows, in one run.

    .venv/bin/python bench/pages.py [--scale 1] [--rounds 15] [--postgres]

Builds a throwaway database (a temporary SQLite file, or with --postgres a fresh PostgreSQL database on
127.0.0.1 that is dropped at the end), migrates it, loads the seed programme and a synthetic council at --scale
(`synth_data`: at scale 1, 10,000 risks, 5,000 deliverables, 20,000 actions...), and then, in production mode
(DEBUG off, cached templates), reads each page and its admin counterpart in turn through the whole middleware
stack, in-process, so that only server time is measured. Each pair is read alternately, after warm-up reads, and
the median of the rounds is compared. The admin shows the same rows: the same model, filtered to the same project
or person, with its page size set to the page's.

Prints, per page: our median, the admin's, and the ratio (target: at most 1.0). The plan reuses the rows and the
timeline it drew before when they have not changed ({% memo %}, charts.gantt_svg): "plan" is the page read again
unchanged, "plan, redrawn" the page with all of it drawn afresh on every read, as after every row had changed.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.0


def _psql(sql, check=True):
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql], check=check)  # noqa: S603, S607 (fixed statements)


def _environment(args):
    """Production settings on a throwaway database and static folder; returns what removes them."""
    folder = tempfile.mkdtemp(prefix="bench-pages-")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "homecare.settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-pages-" + os.urandom(16).hex(),
            "ALLOWED_HOSTS": "testserver",
            "TRUSTED_PROXY_COUNT": "0",
            "SECURE_SSL_REDIRECT": "0",
            "STATIC_ROOT": f"{folder}/static",
            "MEDIA_ROOT": f"{folder}/media",
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        }
    )
    name = f"hc_bench_pages_{os.getpid()}"
    if args.postgres:
        _psql(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"

    def cleanup():
        if args.postgres:
            _psql(f"DROP DATABASE IF EXISTS {name}", check=False)
        shutil.rmtree(folder, ignore_errors=True)

    return cleanup


def _load(scale):
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - the command's output is not wanted
    from homecare import synth

    made = synth.make(scale=scale)
    # As a database in service is: analysed, and its visibility maps set, so that no autovacuum of the fresh rows
    # runs during the timings and both sides are planned from real statistics.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(
        f"Data: seed programme + synthetic council at scale {scale:g} ({time.perf_counter() - started:.0f} s to load)"
    )
    for label in ("risks", "issues", "deliverables", "decisions", "actions", "meetings"):
        print(f"  {made.counts[label]:>7,} {label}")
    # Loading left this process with far more objects than a web worker has; a worker freezes what it made at start
    # (homecare/gunicorn.conf.py), and so does the bench, so that neither side pays for walking them in the timings.
    import gc

    gc.collect()
    gc.freeze()
    return made


def _pairs(made):
    """(page, our URL, admin URL, the admin's model, the page size the admin must use, the reader of our page)."""
    from django.contrib.auth import get_user_model

    from governance.models import Action, Decision, Membership, Person
    from governance.views_logs import PAGE_SIZE as LOG_PAGE
    from projects.models import Deliverable, Project
    from risks.models import Issue, Risk
    from risks.views_registers import PAGE_SIZE as REGISTER_PAGE

    project = Project.objects.get(slug=f"{made.tag}-project-1")
    # A member with seats, for the dashboard ("my bodies"): the synthetic person with the most seats, signed in.
    person = Person.objects.filter(name__startswith="Synthetic").order_by("-memberships__id").first()
    member, _ = get_user_model().objects.get_or_create(username="bench.member")
    person.user = member
    person.save()
    seats = Membership.objects.filter(person=person).count()
    plan_rows = Deliverable.objects.filter(project=project).count()
    p = project.pk
    return [
        ("risk register", f"/risks/{project.slug}/risks/", f"/admin/risks/risk/?project__id__exact={p}", Risk, REGISTER_PAGE, None),
        ("issue register", f"/risks/{project.slug}/issues/", f"/admin/risks/issue/?project__id__exact={p}", Issue, REGISTER_PAGE, None),
        ("plan", f"/projects/{project.slug}/plan/", f"/admin/projects/deliverable/?project__id__exact={p}", Deliverable, plan_rows, None),
        ("plan, redrawn", f"/projects/{project.slug}/plan/", f"/admin/projects/deliverable/?project__id__exact={p}", Deliverable, plan_rows, None),
        ("decision log", "/governance/decisions/", "/admin/governance/decision/", Decision, LOG_PAGE, None),
        ("action log", "/governance/actions/", "/admin/governance/action/", Action, LOG_PAGE, None),
        ("dashboard", "/", f"/admin/governance/membership/?person__id__exact={person.pk}", Membership, max(seats, 1), member),
    ]  # fmt: skip


def _forget_drawn_blocks():
    """Empty what the plan reuses when nothing has changed (its rows and its timeline), as if all had changed."""
    from governance.templatetags import memo
    from projects import charts

    memo.store.clear()
    charts._gantt_svg.cache_clear()


def _time(client, url, before=None):
    if before is not None:
        before()
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}: the benchmark needs every page to work")
    return elapsed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="synthetic data scale (default 1)")
    parser.add_argument("--rounds", type=int, default=15, help="timed reads of each page (default 15)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed reads first (default 3)")
    parser.add_argument("--postgres", action="store_true", help="use a fresh PostgreSQL database on 127.0.0.1")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    cleanup = _environment(args)
    try:
        import django

        django.setup()
        import logging

        logging.getLogger("axes").setLevel(logging.WARNING)  # a line per sign-in would bury the figures
        from django.contrib import admin
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test import Client

        made = _load(args.scale)
        superuser = get_user_model().objects.create_superuser("bench.admin", "", "unused-" + os.urandom(8).hex())
        print(
            f"Database: {connection.vendor}; {args.rounds} rounds after {args.warmup} warm-up reads; median server time"
        )
        print(f"{'page':<16} {'ours ms':>9} {'admin ms':>9} {'ratio':>7}  target <= {TARGET:.1f}")
        ratios = []
        for page, ours, theirs, model, per_page, reader in _pairs(made):
            model_admin = admin.site._registry[model]
            model_admin.list_per_page = per_page
            our_client, admin_client = Client(), Client()
            our_client.force_login(reader or superuser)
            admin_client.force_login(superuser)
            before = _forget_drawn_blocks if page.endswith("redrawn") else None
            for _ in range(args.warmup):
                _time(our_client, ours, before)
                _time(admin_client, theirs)
            our_times, admin_times = [], []
            for _ in range(args.rounds):
                our_times.append(_time(our_client, ours, before))
                admin_times.append(_time(admin_client, theirs))
            mine, base = statistics.median(our_times), statistics.median(admin_times)
            ratio = mine / base
            ratios.append(ratio)
            verdict = "met" if ratio <= TARGET else "NOT met"
            print(f"{page:<16} {mine * 1000:>9.1f} {base * 1000:>9.1f} {ratio:>7.2f}  {verdict}")
        print(f"Worst ratio {max(ratios):.2f}; {sum(r <= TARGET for r in ratios)} of {len(ratios)} pages within target")
    finally:
        from django.db import connections

        connections.close_all()
        cleanup()


if __name__ == "__main__":
    main()
