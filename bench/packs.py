"""How long a big agenda pack takes to build, and what it costs in memory.

    .venv/bin/python bench/packs.py                      # ~300 and ~600 pages, on a throwaway SQLite database
    .venv/bin/python bench/packs.py --pages 300 --no-double
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/packs.py
    .venv/bin/python bench/packs.py --profile /tmp/cold.prof   # cProfile of the cold build, top functions printed
    .venv/bin/python bench/packs.py --repeat 3           # cold build and raw layout three times each, in turn

It makes its own database (a temporary SQLite file, or with DATABASE_URL a fresh PostgreSQL database next to the one
named, dropped at the end), migrates, runs `seed_demo`, then writes enough papers through the models (bench/_packdata)
for a mixed pack of about --pages pages on the Project Board's next agenda: the minutes of a long last meeting, a
highlight report, a long risks and issues paper, decision reports with uploaded appendices. Then, each build in a
child process of its own (so its peak memory is its own), it prints:

- the cold build (an empty cache of rendered papers) against WeasyPrint alone laying out the pack's whole HTML
  (target at most 1.0),
- a rebuild after one paper changes, against the cold build (target at most 0.15),
- the cold build of twice as many pages against the first (target at most 2.1),
- the peak resident memory of the largest build, the build process and its rendering workers together (target
  under 1 GiB).

Every child is given at most --timeout seconds; the whole run stops there.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GIB = 1024**3

TARGETS = {
    "build / raw WeasyPrint": 1.0,
    "rebuild / cold build": 0.15,
    "double / single": 2.1,
}


def _setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homecare.settings")
    import django

    django.setup()


# ------------------------------------------------------------------------------------------------ child process


def _tree_rss(pid):
    """Resident bytes of a process and all its descendants, from /proc (0 when it has gone)."""
    total, stack = 0, [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as handle:
                total += int(handle.read().split()[1]) * page
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack.extend(int(child) for child in handle.read().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


class _PeakSampler:
    """Samples this process tree's resident memory every 20 ms; WeasyPrint allocates in C, so tracemalloc misses it."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, _tree_rss(os.getpid()))

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _tree_rss(os.getpid()))


def _child(args):
    """One measurement, in its own process: prints a JSON line."""
    _setup_django()
    from django.conf import settings

    from bench import _packdata
    from governance import pack_builds, packs

    meeting = _packdata.meeting()
    out = {}
    if args.child == "raw":
        from weasyprint import HTML

        html = packs.agenda_pack(meeting, args.variant).html()
        started = time.perf_counter()
        document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_variant="pdf/ua-1")
        document.write_pdf(pdf_variant="pdf/ua-1")
        out = {"seconds": time.perf_counter() - started, "pages": len(document.pages)}
    else:
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        # A process that builds packs (db_worker) has its libraries imported and the URLs read before its first
        # build, as the raw measurement below has WeasyPrint imported and the URLs read before its clock starts.
        import pikepdf  # noqa: F401
        import weasyprint  # noqa: F401
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 (reads the URL configuration)
        with _PeakSampler() as sampler:
            started = time.perf_counter()
            pack = packs.agenda_pack(meeting, args.variant)
            assembled = time.perf_counter() - started
            rendered = pack_builds.build_file(pack)
            seconds = time.perf_counter() - started
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)
        out = {"seconds": seconds, "pages": rendered.pages, "tree_rss": sampler.peak}
        out.update(getattr(rendered, "stats", None) or {})
        out["stages"] = {"assemble": round(assembled, 3), **out.get("stages", {})}
    print(json.dumps(out))


# ------------------------------------------------------------------------------------------------ the run


class Bench:
    def __init__(self, args):
        self.args = args
        self.deadline = time.monotonic() + args.timeout
        self.tmp = Path(tempfile.mkdtemp(prefix="bench-packs-"))
        self.env = dict(os.environ, MEDIA_ROOT=str(self.tmp / "media"), DJANGO_SETTINGS_MODULE="homecare.settings")
        self.env.pop("PACK_PART_CACHE_DIR", None)
        self.dropdb = None

    # -- database

    def make_database(self):
        given = os.environ.get("DATABASE_URL", "")
        if given.startswith(("postgres://", "postgresql://")):
            import psycopg

            name = f"hc_h1_bench_packs_{os.getpid()}"
            base = given.rsplit("/", 1)[0]
            with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{name}"')
            self.env["DATABASE_URL"] = f"{base}/{name}"

            def drop():
                with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
                    connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

            self.dropdb = drop
        else:
            self.env["DATABASE_URL"] = f"sqlite:///{self.tmp / 'bench.sqlite3'}"
        self.run_quietly([sys.executable, "manage.py", "migrate", "--no-input"])
        self.run_quietly([sys.executable, "manage.py", "seed_demo"])

    def run_quietly(self, command):
        # Every command is this script's own (manage.py, or this file run again), never outside input.
        subprocess.run(  # noqa: S603
            command, cwd=ROOT, env=self.env, check=True, capture_output=True, timeout=self.remaining()
        )

    def remaining(self):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the bench ran out of time (--timeout)")
        return left

    def grow(self, scale):
        code = f"import bench.packs as b; b._setup_django(); from bench import _packdata; _packdata.grow({scale!r})"
        self.run_quietly([sys.executable, "-c", code])

    def change_one_paper(self):
        code = "import bench.packs as b; b._setup_django(); from bench import _packdata; _packdata.change_one_paper()"
        self.run_quietly([sys.executable, "-c", code])

    # -- measurements

    def measure(self, kind, cache, profile=None):
        env = dict(self.env, PACK_PART_CACHE_DIR=str(cache))
        if self.args.workers:
            env["PACK_RENDER_WORKERS"] = str(self.args.workers)
        command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--variant", self.args.variant]
        if profile:
            command += ["--profile", profile]
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        done = subprocess.run(  # noqa: S603 (this file, run again as the measuring child)
            command, cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=self.remaining()
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
        # ru_maxrss (KiB on Linux) is the largest single process among the waited-for children, and only grows.
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        result["max_rss"] = after * 1024 if after > before else None
        return result

    def fresh_cache(self, name):
        cache = self.tmp / "parts" / name
        shutil.rmtree(cache, ignore_errors=True)
        return cache


def _line(label, value, unit=""):
    print(f"  {label:<44} {value}{unit}")


def _runs(results):
    return ", ".join(f"{result['seconds']:.2f}" for result in results)


def _stages(result):
    """The build's own account of where its time went (governance/pdf.py's Rendered.stats)."""
    stages = result.get("stages") or {}
    if stages:
        _line("  of which", ", ".join(f"{name} {seconds:.2f} s" for name, seconds in stages.items()))


def _ratio(label, numerator, denominator):
    ratio = numerator / denominator
    target = TARGETS[label]
    verdict = "met" if ratio <= target else "NOT met"
    print(f"  {label:<44} {ratio:6.3f}   (target <= {target}: {verdict})")
    return ratio


def _mib(value):
    return f"{value / 1024**2:7.0f} MiB" if value else "      n/a"


def _print_profile(path, limit=25):
    import pstats

    print(f"\nProfile of the cold build ({path}), by cumulative time:")
    stats = pstats.Stats(path, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(limit)
    print("By own time:")
    stats.sort_stats("tottime").print_stats(limit)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300, help="about how many pages the first pack has")
    parser.add_argument("--no-double", action="store_true", help="skip the pack of twice as many pages")
    parser.add_argument("--variant", default="private", choices=["private", "public"])
    parser.add_argument("--workers", type=int, default=0, help="PACK_RENDER_WORKERS for the builds (0: the setting)")
    parser.add_argument("--profile", help="write a cProfile of the cold build here and print its top functions")
    parser.add_argument("--repeat", type=int, default=1, help="cold builds and raw layouts of the first pack, in turn")
    parser.add_argument("--timeout", type=float, default=1500, help="seconds the whole run may take")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, packs)")
    parser.add_argument("--child", choices=["build", "raw"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args)

    bench = Bench(args)
    scale = args.pages / 300
    try:
        started = time.monotonic()
        print(f"Setting up a throwaway database and about {args.pages} pages of papers in {bench.tmp} ...")
        bench.make_database()
        bench.grow(scale)
        print(f"  set up in {time.monotonic() - started:.0f} s")

        # Cold build and WeasyPrint alone in turn, --repeat times: other work on the machine slows one run more than
        # another, so each is compared at its fastest (every run is printed).
        colds, raws = [], []
        for _ in range(args.repeat):
            colds.append(bench.measure("build", bench.fresh_cache("single"), args.profile))
            raws.append(bench.measure("raw", bench.fresh_cache("raw")))
        cold = min(colds, key=lambda result: result["seconds"])
        raw = min(raws, key=lambda result: result["seconds"])
        bench.change_one_paper()
        rebuild = bench.measure("build", bench.tmp / "parts" / "single")
        print(f"\nPack of {cold['pages']} pages ({args.variant}):")
        _line("cold build", f"{cold['seconds']:7.2f}", f" s (runs: {_runs(colds)})")
        _line(
            "WeasyPrint alone, the same whole HTML",
            f"{raw['seconds']:7.2f}",
            f" s ({raw['pages']} pages; runs: {_runs(raws)})",
        )
        _ratio("build / raw WeasyPrint", cold["seconds"], raw["seconds"])
        _stages(cold)
        _line("rebuild after one paper changed", f"{rebuild['seconds']:7.2f}", " s")
        if "laid_out" in rebuild:
            _line("parts laid out again / parts", f"{len(rebuild['laid_out'])} / {rebuild['parts']}")
        _stages(rebuild)
        _ratio("rebuild / cold build", rebuild["seconds"], cold["seconds"])
        _line("peak RSS, build and workers", _mib(cold["tree_rss"]))
        _line("peak RSS, largest single process", _mib(cold["max_rss"]))
        peak = cold["tree_rss"]

        if not args.no_double:
            bench.grow(scale)
            double = bench.measure("build", bench.fresh_cache("double"))
            print(f"\nPack of {double['pages']} pages:")
            _line("cold build", f"{double['seconds']:7.2f}", " s")
            _stages(double)
            _ratio("double / single", double["seconds"], cold["seconds"])
            _line("pages / pages", f"{double['pages'] / cold['pages']:.3f}")
            _line("peak RSS, build and workers", _mib(double["tree_rss"]))
            _line("peak RSS, largest single process", _mib(double["max_rss"]))
            peak = double["tree_rss"]
        verdict = "met" if peak < GIB else "NOT met"
        print(f"\n  {'peak RSS of the largest pack':<44} {_mib(peak)}   (target < 1 GiB: {verdict})")
        print(f"\nTotal run {time.monotonic() - started:.0f} s")
        if args.profile:
            _print_profile(args.profile)
    finally:
        if bench.dropdb:
            bench.dropdb()
        if args.keep:
            print(f"Kept {bench.tmp}")
        else:
            shutil.rmtree(bench.tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
