"""``make bench``: HTTP, PDF and growth figures of akk-cms, with ceilings from the same run.

    .venv/bin/python -m bench.run [--quick] [--skip-pdf] [--skip-growth] [--pdf-only] [--desk-only]

Everything happens in ``bench-results/work/`` with its own SQLite files and
media folder; the development database is never touched. Results:
``bench-results/latest.md`` (the tables, also printed) and ``latest.json``.

1. HTTP: gunicorn with deploy/gunicorn.conf.py (2 sync workers, DEBUG=false,
   WhiteNoise after collectstatic) and the demo content, loaded by
   ``wrk -t2 -c16 --latency``, three rounds round-robin over all targets
   (medians count). Ceilings on the same server: a minimal Django view
   returning a page of the same size from memory (bench/urls.py), and a
   static file of the PDF's size served by WhiteNoise.
2. PDF: for each demo interview and for generated interviews of other shapes
   and lengths (PDF_SHAPES), bench/pdf_one.py in a new process: fit time
   against the yardstick (a plain six-page render, same process) and layouts.
3. Growth: 6, 60 and 600 generated published interviews (bench/content.py).
4. The editor's desk (bench/desk.py): the interview form of a 30-question
   interview against Django's own admin form with 30 inline rows.
"""

import argparse
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
WORK = RESULTS / "work"
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "18610"))
SEARCH = "/interviews/?q=W%C3%A4rmeplanung"
GROWTH_SIZES = (6, 60, 600)
GOAL_PAGE_RATIO = 0.5
GOAL_PDF_RATIO = 0.8
GOAL_P99_MS = 50
GOAL_RSS_MB = 150
GOAL_GROWTH = 1.5
GOAL_FIT_RATIO = 1.5
# Generated interviews (tests/pdf_shapes.py) benchmarked besides the demo: shape:answer words.
PDF_SHAPES = (
    "many_short:3000",
    "very_many_short:2400",
    "few_long:2200",
    "few_long:3000",
    "lists:2300",
    "dominant_theme:3000",
    "one_long_answer:2200",
    "three_themes:2200",
    "long_questions:3000",
    "quote_heavy:3000",
)
ROUNDS = 3


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- environment and processes ------------------------------------------------


def bench_env(database, media, static, **extra):
    """Production settings (as `make serve`), pointed at the benchmark's own files."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{PORT}",
        SECURE_SSL_REDIRECT="false",
        TASKS_BACKEND="immediate",
        DATABASE_URL=f"sqlite:///{database}",
        MEDIA_ROOT=str(media),
        STATIC_ROOT=str(static),
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
    )
    env.pop("AWS_STORAGE_BUCKET_NAME", None)
    env.update(extra)
    return env


def run(env, *args, capture=False):
    result = subprocess.run([PYTHON, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{result.stdout}\n{result.stderr}")
    return result.stdout if capture else None


def run_json(env, *args):
    out = run(env, *args, capture=True)
    return json.loads(out.strip().splitlines()[-1])


class Server:
    """gunicorn as in `make serve`, with 2 sync workers and no worker recycling."""

    def __init__(self, env, port, logfile):
        self.port = port
        config = ROOT / "deploy" / "gunicorn.conf.py"
        args = [str(Path(PYTHON).parent / "gunicorn")]
        if config.exists():
            args += ["--config", str(config)]
        else:
            args += ["akk_cms.wsgi:application", "--worker-class", "sync", "--access-logfile", "-"]
        # max-requests 0: one long-lived worker shows the memory after 10,000+ requests,
        # and restarts (a production safety net) would distort the throughput.
        args += ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--max-requests", "0", "--no-control-socket"]
        self.log = open(logfile, "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.wait_ready()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_ready(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited: see {self.log.name}")
            try:
                fetch(self.url("/robots.txt"))
                return
            except OSError:
                time.sleep(0.3)
        raise SystemExit("gunicorn did not answer within 60 s")

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def worker_rss_mb(self):
        sizes = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def fetch(url, headers=None):
    """(status, headers, body) of one GET to the benchmark server, without following redirects."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", target, headers={"X-Forwarded-Proto": "https", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def conditional_status(url):
    """Status of a repeated GET with the validators of the first (304 expected)."""
    status, headers, _ = fetch(url)
    if status != 200:
        return status
    validators = {}
    if headers.get("ETag"):
        validators["If-None-Match"] = headers["ETag"]
    elif headers.get("Last-Modified"):
        validators["If-Modified-Since"] = headers["Last-Modified"]
    else:
        return "no validator"
    return fetch(url, validators)[0]


def wrk(url, duration):
    args = ["wrk", "-t2", "-c16", f"-d{duration}", "--latency", "-s", str(ROOT / "bench" / "report.lua"), url]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("WRKJSON "))
    data = json.loads(line.removeprefix("WRKJSON "))
    return {
        "requests": data["requests"],
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50_ms": data["p50_us"] / 1000,
        "p99_ms": data["p99_us"] / 1000,
        "errors": data["socket_errors"] + data["status_errors"],
    }


def combine(rounds):
    """One figure per target from its rounds: medians of req/s, p50 and p99, all requests and errors."""
    return {
        "requests": sum(r["requests"] for r in rounds),
        "rps": statistics.median(r["rps"] for r in rounds),
        "p50_ms": statistics.median(r["p50_ms"] for r in rounds),
        "p99_ms": statistics.median(r["p99_ms"] for r in rounds),
        "errors": sum(r["errors"] for r in rounds),
        "rounds": rounds,
    }


def warm(server, path, times=20):
    for _ in range(times):
        fetch(server.url(path))


# --- the three parts ----------------------------------------------------------


def prepare_demo(work):
    database, media, static = work / "demo.sqlite3", work / "media", work / "static"
    env = bench_env(database, media, static)
    log("Demo: migrate, load_demo, collectstatic ...")
    run(env, "manage.py", "migrate", "--no-input", "-v0")
    run(env, "manage.py", "load_demo", "--no-users")
    run(env, "manage.py", "collectstatic", "--no-input", "-v0")
    return env


def demo_paths(env):
    """Slugs of the demo's published interviews, a theme, and their PDF paths."""
    code = (
        "import django, json; django.setup();"
        "from interviews.models import Interview, Theme;"
        "pub = list(Interview.objects.published().order_by('-published_at').values_list('slug', flat=True));"
        "every = list(Interview.objects.filter(questions__isnull=False).distinct().values_list('slug', flat=True));"
        "theme = Theme.objects.filter(questions__interview__in=Interview.objects.published()).first();"
        "print(json.dumps({'published': pub, 'all': every, 'theme': theme.slug}))"
    )
    return run_json(env, "-c", code)


def pdf_part(env, slugs, download, shapes=PDF_SHAPES):
    """PDF figures of every demo interview and generated shape; ``download`` is stored for the HTTP part."""
    rows = []
    for slug in slugs:
        log(f"PDF: {slug} ...")
        args = ["-m", "bench.pdf_one", slug]
        if slug == download:
            args.append("--store")
        rows.append(run_json(env, *args))
    for shape in shapes:
        log(f"PDF: generated {shape} ...")
        rows.append(run_json(env, "-m", "bench.pdf_one", "--shape", shape))
    return rows


def http_part(env, demo, duration, pdf_bytes, page_bytes, work):
    interview = demo["published"][0]
    pages = [
        ("Startseite /", "/"),
        ("Liste /interviews/", "/interviews/"),
        ("Interview", f"/interviews/{interview}/"),
        ("Themenvergleich", f"/themen/{demo['theme']}/"),
        ("Suche ?q=Wärmeplanung", SEARCH),
    ]
    pdf_path = f"/interviews/{interview}/pdf/"
    static_dir = Path(env["STATIC_ROOT"]) / "bench"
    static_dir.mkdir(parents=True, exist_ok=True)
    (static_dir / "ceiling.pdf").write_bytes(secrets.token_bytes(pdf_bytes or 1_000_000))
    server = Server(dict(env, BENCH_MINIMAL_BYTES=str(page_bytes)), PORT, work / "gunicorn-demo.log")
    results = {}
    try:
        targets = [
            ("ceiling: minimale Django-View", "/bench/minimal/"),
            ("ceiling: statische Datei (WhiteNoise)", "/static/bench/ceiling.pdf"),
            *pages,
            ("PDF-Download (gespeichert)", pdf_path),
        ]
        rounds = {name: [] for name, _path in targets}
        for _name, path in targets:
            warm(server, path)
        # Round-robin: a burst of other load on the machine hits one round of every target, not one target.
        for number in range(ROUNDS):
            for name, path in targets:
                log(f"HTTP round {number + 1}/{ROUNDS}: {name} {path} ...")
                rounds[name].append(wrk(server.url(path), duration))
        for name, path in targets:
            figures = combine(rounds[name])
            figures["path"] = path
            figures["status"] = fetch(server.url(path))[0]
            figures["conditional"] = conditional_status(server.url(path))
            results[name] = figures
        total = sum(r["requests"] for r in results.values())
        rss = server.worker_rss_mb()
    finally:
        server.stop()
    return {"targets": results, "pages": [name for name, _ in pages], "requests": total, "rss_mb": rss}


GROWTH_PATHS = {
    "Startseite": "/",
    "Interview": "/interviews/bench-interview-1/",
    "Themenvergleich": "/themen/waermeplanung/",
    "Liste": "/interviews/",
    "Suche": SEARCH,
}


def growth_part(work, duration):
    """Cached HTTP figures and fresh-render queries/time with 6, 60 and 600 interviews.

    The in-process probes run twice, interleaved over the three databases, and
    the fastest render counts: on a shared machine the minimum is the figure
    least disturbed by other processes.
    """
    empty = work / "empty.sqlite3"
    run(bench_env(empty, work / "media-growth", work / "static"), "manage.py", "migrate", "--no-input", "-v0")
    envs = {}
    for size in GROWTH_SIZES:
        database = work / f"growth-{size}.sqlite3"
        shutil.copyfile(empty, database)
        envs[size] = bench_env(database, work / "media-growth", work / "static")
        log(f"Growth: generating {size} interviews ...")
        run(envs[size], "-m", "bench.content", str(size))
    probes = {size: [] for size in GROWTH_SIZES}
    for _round in range(2):
        for size in GROWTH_SIZES:
            log(f"Growth: probing {size} ...")
            probes[size].append(run_json(envs[size], "-m", "bench.probe", *GROWTH_PATHS.values()))
    rows = {}
    for index, size in enumerate(GROWTH_SIZES):
        server = Server(envs[size], PORT + 1 + index, work / f"gunicorn-growth-{size}.log")
        try:
            for name, path in GROWTH_PATHS.items():
                log(f"Growth: {size} interviews, {name} ...")
                warm(server, path, 10)
                figures = wrk(server.url(path), duration)
                figures.update(probes[size][0][path])
                figures["render_ms"] = min(probe[path]["render_min_ms"] for probe in probes[size])
                rows.setdefault(name, {})[size] = figures
        finally:
            server.stop()
    return rows


# --- report -------------------------------------------------------------------


def machine():
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    wrk_version = ""
    if shutil.which("wrk"):
        wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0]
    load = os.getloadavg()
    return (
        f"{cpu}, {os.cpu_count()} cores, Linux {platform.release()}, Python {platform.python_version()}, "
        f"{wrk_version.strip()}; load average at the end {load[0]:.1f}"
    )


def fmt(value, digits=1):
    return f"{value:,.{digits}f}".replace(",", " ")


def ok(flag):
    return "yes" if flag else "**NO**"


def report(data):
    lines = [f"Machine: {data['machine']}", f"Run: {data['started']} UTC, {data['seconds']:.0f} s", ""]
    http = data.get("http")
    if http:
        targets = http["targets"]
        ceiling = targets["ceiling: minimale Django-View"]["rps"]
        static = targets["ceiling: statische Datei (WhiteNoise)"]["rps"]
        lines += [
            f"## HTTP (gunicorn, 2 sync workers, demo content, `wrk -t2 -c16 -d{data['duration']}` × {ROUNDS} rounds, "
            "round-robin over the targets; medians of the rounds)",
            "",
            "| target | req/s | p50 ms | p99 ms | errors | ratio to ceiling | 304 on revalidation | goal met |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
        ]
        for name, r in targets.items():
            if name.startswith("ceiling"):
                ratio, goal = "", ""
            elif name.startswith("PDF"):
                ratio = r["rps"] / static
                goal = ok(ratio >= GOAL_PDF_RATIO and r["errors"] == 0 and r["conditional"] == 304)
                ratio = f"{ratio:.2f} × static"
            else:
                ratio = r["rps"] / ceiling
                goal = ok(
                    ratio >= GOAL_PAGE_RATIO and r["errors"] == 0 and r["p99_ms"] < GOAL_P99_MS and r["status"] == 200
                )
                ratio = f"{ratio:.2f} × minimal"
            conditional = r["conditional"] if not name.startswith("ceiling: minimale") else ""
            lines.append(
                f"| {name} (`{r['path']}`, {r['status']}) | {fmt(r['rps'], 0)} | {fmt(r['p50_ms'], 2)} "
                f"| {fmt(r['p99_ms'], 2)} | {r['errors']} | {ratio} | {conditional} | {goal} |"
            )
        rss = ", ".join(f"{mb:.0f}" for mb in http["rss_mb"])
        lines += [
            "",
            "Per round, req/s of the minimal-view ceiling: "
            + " / ".join(fmt(r["rps"], 0) for r in targets["ceiling: minimale Django-View"]["rounds"])
            + f". Memory: worker RSS {rss} MB after {http['requests']:,} requests in total "
            f"(goal < {GOAL_RSS_MB} MB: {ok(max(http['rss_mb'] or [0]) < GOAL_RSS_MB)}).",
            "",
        ]
    pages = data.get("probe")
    if pages:
        lines += [
            "Per page, in process (demo content): bytes, SQL queries of a fresh render / of a cached answer, "
            "median fresh render time:",
            "",
            "| page | bytes | queries fresh | queries cached | fresh render ms |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for path, p in pages.items():
            cells = [fmt(p["bytes"], 0), p["queries"], p["cached_queries"], fmt(p["render_ms"], 1)]
            lines.append(f"| `{path}` | " + " | ".join(str(c) for c in cells) + " |")
        lines.append("")
    pdf = data.get("pdf")
    if pdf:
        lines += [
            "## PDF (each interview in a new process; demo interviews, then generated shapes shape:words)",
            "",
            "Warm fit and yardstick (../shared/tools/pdf_reference.py: a plain two-column six-page document with "
            "the same number of words) are medians of three runs in the same process, one word of the interview "
            "changed before each fit.",
            "",
            "| interview | words | pages | layouts per fit | font pt | quotes left out "
            "| worst foot gap, full body pages (lines) | cover's foot gap (lines) "
            "| loose lines % | cold s | warm fit s | yardstick s | fit / yardstick | size KB | peak MB | ≤ 1.5× |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
            "| --- |",
        ]
        for r in pdf:
            if r.get("error"):
                lines.append(f"| {r['slug']} | {r['error']} | | | | | | | | | | | | | | |")
                continue
            layouts = ", ".join(str(n) for n in r["layouts"])
            lines.append(
                f"| {r['slug']} | {r['words']} | {r['pages']} | {layouts} | {fmt(r['font_size'], 1)} "
                f"| {r['quotes_dropped']} | {fmt(r['worst_foot_gap_lines'], 1)} | {fmt(r['cover_foot_gap_lines'], 1)} "
                f"| {fmt(r['loose_lines_percent'], 1)} "
                f"| {fmt(r['cold_s'], 2)} | {fmt(r['warm_s'], 2)} | {fmt(r['yardstick_s'], 2)} "
                f"| {fmt(r['ratio'], 2)} | {fmt(r['bytes'] / 1024, 0)} | {fmt(r['peak_mb'], 0)} "
                f"| {ok(r['ratio'] <= GOAL_FIT_RATIO and r['peak_mb'] < 300)} |"
            )
        lines.append("")
    growth = data.get("growth")
    if growth:
        lines += [
            "## Growth (generated published interviews; wrk `-d" + data["growth_duration"] + "`, cached pages; "
            "queries and fastest fresh render in process, page cache off)",
            "",
            "| page | "
            + " | ".join(f"{n}: req/s, p99 ms, queries, render ms" for n in GROWTH_SIZES)
            + " | queries same, render ≤ 1.5× |",
            "| --- | " + " | ".join("---" for _ in GROWTH_SIZES) + " | --- |",
        ]
        for name, by_size in growth.items():
            cells = [
                f"{fmt(r['rps'], 0)}, {fmt(r['p99_ms'], 1)}, {r['queries']}, {fmt(r['render_ms'], 1)}"
                for r in (by_size[n] for n in GROWTH_SIZES)
            ]
            small, big = by_size[GROWTH_SIZES[0]], by_size[GROWTH_SIZES[-1]]
            same = small["queries"] == big["queries"]
            within = big["render_ms"] <= GOAL_GROWTH * small["render_ms"]
            if name in {"Startseite", "Interview", "Themenvergleich"}:
                verdict = f"{ok(same)}, {ok(within)}"
            else:
                verdict = f"{'yes' if same else 'no'}, {'yes' if within else 'no'} (no goal)"
            lines.append(f"| {name} | " + " | ".join(cells) + f" | {verdict} |")
        lines.append("")
    lines += ["## Goals", "", *goals(data), ""]
    return "\n".join(lines)


def goals(data):
    """One line per goal of issue 8, with its status in this run."""
    result = []
    http = data.get("http")
    if http:
        targets = http["targets"]
        ceiling = targets["ceiling: minimale Django-View"]["rps"]
        static = targets["ceiling: statische Datei (WhiteNoise)"]["rps"]
        missed = [
            f"{name} ({r['rps'] / ceiling:.2f}×, p99 {r['p99_ms']:.0f} ms, {r['errors']} errors)"
            for name, r in targets.items()
            if name in http["pages"]
            and not (r["rps"] >= GOAL_PAGE_RATIO * ceiling and r["errors"] == 0 and r["p99_ms"] < GOAL_P99_MS)
        ]
        result.append(
            "- Every public page ≥ 0.5× the minimal view, 0 errors, p99 < 50 ms at 16 connections: "
            + ("**met**" if not missed else "**not met**: " + "; ".join(missed))
        )
        pdf = next(r for name, r in targets.items() if name.startswith("PDF"))
        met = pdf["rps"] >= GOAL_PDF_RATIO * static and pdf["errors"] == 0 and pdf["conditional"] == 304
        result.append(
            f"- Cached PDF ≥ 0.8× the static file with 304 on revalidation: {pdf['rps'] / static:.2f}×, "
            f"revalidation {pdf['conditional']}: " + ("**met**" if met else "**not met**")
        )
        rss = max(http["rss_mb"] or [0])
        result.append(
            f"- gunicorn worker < 150 MB after 10,000 requests: {rss:.0f} MB after "
            f"{http['requests'] // max(1, len(http['rss_mb'])):,} requests per worker: "
            + ("**met**" if rss < GOAL_RSS_MB and http["requests"] >= 20_000 else "**not met**")
        )
    pdf_rows = [r for r in data.get("pdf", []) if not r.get("error")]
    if pdf_rows:
        ratios = [r["ratio"] for r in pdf_rows]
        warm = statistics.median(r["warm_s"] for r in pdf_rows)
        peak = max(r["peak_mb"] for r in pdf_rows)
        layouts = [n for r in pdf_rows for n in r["layouts"]]
        result.append(
            f"- Fit ≤ 1.5× the yardstick (warm, median of three, content changed between runs): worst "
            f"{max(ratios):.2f}×, median {statistics.median(ratios):.2f}×; layouts per fit: "
            f"{sum(layouts) / len(layouts):.2f} on average, at most {max(layouts)}: "
            + ("**met**" if max(ratios) <= GOAL_FIT_RATIO else "**not met**")
        )
        failed = [r["slug"] for r in data.get("pdf", []) if r.get("error")]
        result.append(
            "- Every demo and generated interview fits its pages: "
            + ("**met**" if not failed else "**not met**: " + ", ".join(failed))
        )
        result.append(f"- Warm render of a demo interview in about a second: median {warm:.2f} s")
        result.append(f"- PDF rendering < 300 MB: peak {peak:.0f} MB: " + ("**met**" if peak < 300 else "**not met**"))
    growth = data.get("growth")
    if growth:
        missed = []
        for name in ("Startseite", "Interview", "Themenvergleich"):
            small, big = growth[name][GROWTH_SIZES[0]], growth[name][GROWTH_SIZES[-1]]
            if small["queries"] != big["queries"] or big["render_ms"] > GOAL_GROWTH * small["render_ms"]:
                missed.append(
                    f"{name} (queries {small['queries']} → {big['queries']}, "
                    f"fresh render {small['render_ms']:.1f} → {big['render_ms']:.1f} ms)"
                )
        result.append(
            "- 6 → 600 interviews: home, interview and theme page keep their query count and stay within 1.5×: "
            + ("**met**" if not missed else "**not met**: " + "; ".join(missed))
        )
    return result


def main():
    parser = argparse.ArgumentParser(description="akk-cms benchmark")
    parser.add_argument("--quick", action="store_true", help="3 s per target instead of 10 s")
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--skip-growth", action="store_true")
    parser.add_argument("--pdf-only", action="store_true", help="only the PDF part (no HTTP, no growth; no wrk)")
    parser.add_argument("--desk-only", action="store_true", help="only the editor's desk (bench/desk.py; no wrk)")
    args = parser.parse_args()
    if args.desk_only:
        raise SystemExit(subprocess.call([PYTHON, "-m", "bench.desk"], cwd=ROOT))
    if shutil.which("wrk") is None and not args.pdf_only:
        raise SystemExit("wrk is missing: apt-get install wrk (make bench does this as root)")
    started = time.time()
    duration = "1s" if args.quick else os.environ.get("BENCH_DURATION", "4s")
    growth_duration = "2s" if args.quick else os.environ.get("BENCH_GROWTH_DURATION", "3s")
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    data = {
        "started": time.strftime("%Y-%m-%d %H:%M", time.gmtime(started)),
        "duration": duration,
        "growth_duration": growth_duration,
    }

    env = prepare_demo(WORK)
    demo = demo_paths(env)
    if args.skip_pdf:
        code = (
            "import django; django.setup(); from interviews import pdf; from interviews.models import Interview;"
            f"pdf.store_pdf(Interview.objects.get(slug={demo['published'][0]!r}))"
        )
        run(env, "-c", code)
    else:
        data["pdf"] = pdf_part(env, demo["all"], demo["published"][0])
    if not args.pdf_only:
        http_and_growth(args, data, env, demo, duration, growth_duration)

    data["seconds"] = time.time() - started
    data["machine"] = machine()
    text = report(data)
    (RESULTS / "latest.json").write_text(json.dumps(data, indent=2, default=str))
    (RESULTS / "latest.md").write_text(text + "\n")
    print(text)
    # The editor's desk: the admin form against Django's own (own process: its own database and settings).
    subprocess.call([PYTHON, "-m", "bench.desk"], cwd=ROOT)


def http_and_growth(args, data, env, demo, duration, growth_duration):
    pdf_bytes = next((r["bytes"] for r in data.get("pdf", []) if r.get("slug") == demo["published"][0]), 0)
    interview = demo["published"][0]
    page_paths = ["/", "/interviews/", f"/interviews/{interview}/", f"/themen/{demo['theme']}/", SEARCH]
    data["probe"] = run_json(env, "-m", "bench.probe", *page_paths)
    page_bytes = int(statistics.median(p["bytes"] for p in data["probe"].values()))
    data["http"] = http_part(env, demo, duration, pdf_bytes, page_bytes, WORK)
    if not args.skip_growth:
        data["growth"] = growth_part(WORK, growth_duration)


if __name__ == "__main__":
    main()
