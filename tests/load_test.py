"""Bounded load test against gunicorn on 127.0.0.1 (``make loadtest``).

    python -m tests.load_test [--seconds 20] [--connections 8] [--burst 8] [--port 18301]

Builds a throwaway production setup in a temporary folder (DEBUG=false,
SQLite, demo content, collected static files, rendered PDFs), starts gunicorn
with deploy/gunicorn.conf.py, and runs four ``wrk`` loads at the same time for
``--seconds`` each:

* the home page, an interview page and a stored PDF (``--connections`` each),
* a burst of ``--burst`` connections on the PDF of an interview whose stored
  PDF was just made outdated, so the first request renders it while the
  others wait or get the "wird erstellt" answer (503 + Retry-After).

It prints a table (requests, errors, latency) and the number of renders the
burst caused, and exits non-zero when the home page, interview page or stored
PDF saw any error. Nothing is left running: gunicorn is stopped by its own pid.
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(sys.executable).parent


def production_env(workdir, port):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        STATIC_ROOT=str(workdir / "static"),
        EMAIL_HOST="localhost",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_LOG_LEVEL="warning",
        DEMO_PASSWORD=secrets.token_urlsafe(16),
        BEHIND_PROXY="true",
    )
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True)


def shell(env, code):
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


PICK = """
from interviews.models import Interview
public = list(Interview.objects.published().exclude(pdf_file="").order_by("series__year", "part"))
print(public[0].slug, public[-1].slug)
"""

MAKE_STALE = """
from interviews.models import Interview
i = Interview.objects.get(slug="{slug}")
Interview.objects.filter(pk=i.pk).update(pdf_fingerprint="outdated", pdf_state="missing")
print(i.pk)
"""

COUNT_RENDERS = """
from django.core.files.storage import default_storage
from interviews.models import Interview
i = Interview.objects.get(slug="{slug}")
print(len([n for n in default_storage.listdir("pdf")[1] if n.startswith(i.pdf_filename[:-4])]))
"""


def wait_until_up(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - our own local server
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer on {url}")


def wrk(url, seconds, connections):
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "--latency",
        "-H",
        "X-Forwarded-Proto: https",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def _seconds(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def parse_wrk(output):
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.MULTILINE))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return {
        "requests": requests,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(map(int, socket.groups())) if socket else 0,
        "p50": _seconds(latency["50"]) if "50" in latency else None,
        "p99": _seconds(latency["99"]) if "99" in latency else None,
        "rate": rate,
    }


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--burst", type=int, default=8)
    parser.add_argument("--port", type=int, default=18301)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: the config's)")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk).")
        return 1

    workdir = Path(tempfile.mkdtemp(prefix="akk-load-"))
    env = production_env(workdir, args.port)
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    server = None
    try:
        print(f"Preparing a production setup in {workdir} ...", flush=True)
        manage(env, "migrate", "--no-input")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--no-input")
        manage(env, "render_pdfs")
        stored, burst = shell(env, PICK).split()
        base = f"http://127.0.0.1:{args.port}"
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py", "--no-control-socket"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(workdir / "gunicorn.log", "w"),  # noqa: SIM115 - closed with the process
            start_new_session=True,
        )
        wait_until_up(base + "/")
        shell(env, MAKE_STALE.format(slug=burst))
        targets = {
            "home page": (f"{base}/", args.connections),
            "interview page": (f"{base}/interviews/{stored}/", args.connections),
            "stored PDF": (f"{base}/interviews/{stored}/pdf/", args.connections),
            "PDF burst (outdated PDF)": (f"{base}/interviews/{burst}/pdf/", args.burst),
        }
        print(f"Running wrk for {args.seconds} s on {len(targets)} URLs at once ...", flush=True)
        with ThreadPoolExecutor(len(targets)) as pool:
            futures = {
                label: pool.submit(wrk, url, args.seconds, connections) for label, (url, connections) in targets.items()
            }
            results = {label: future.result() for label, future in futures.items()}
        renders = int(shell(env, COUNT_RENDERS.format(slug=burst)))
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
        shutil.rmtree(workdir, ignore_errors=True)

    command = (
        f"python -m tests.load_test --seconds {args.seconds} --connections {args.connections} --burst {args.burst}"
    )
    print()
    print(f"Command: `{command}` (gunicorn: deploy/gunicorn.conf.py, sync workers; wrk 1 thread per URL)")
    print()
    print("| URL | connections | requests | req/s | errors (non-2xx/3xx + socket) | p50 | p99 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, result in results.items():
        connections = targets[label][1]
        errors = result["non2xx"] + result["socket_errors"]
        p50 = f"{result['p50'] * 1000:.0f} ms" if result["p50"] is not None else "-"
        p99 = f"{result['p99'] * 1000:.0f} ms" if result["p99"] is not None else "-"
        row = [label, connections, result["requests"], f"{result['rate']:.1f}", errors, p50, p99]
        print("| " + " | ".join(map(str, row)) + " |")
    print()
    print(f"Renders caused by the burst on the outdated PDF: {renders}")
    steady = [label for label in targets if not label.startswith("PDF burst")]
    failed = [label for label in steady if results[label]["non2xx"] + results[label]["socket_errors"]]
    if failed:
        print(f"ERRORS on: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
