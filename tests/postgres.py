"""Run the test suite on a throwaway PostgreSQL server.

    python -m tests.postgres [pytest arguments]

starts a PostgreSQL server (``initdb`` and ``pg_ctl`` of the installed
PostgreSQL, version 15 preferred) in a temporary directory, listening only on a
unix socket in that directory, runs pytest with ``DATABASE_URL`` pointing at
it, then stops the server and deletes the directory. Nothing is left behind and
no TCP port is used, so several runs can go on side by side.

PostgreSQL refuses to run as root: as root, the server runs as the
unprivileged ``postgres`` user (``runuser``). Durability is switched off
(``fsync=off``), which is fine for data that is thrown away.

Without PostgreSQL binaries the run is skipped with the reason; with
``CI=true`` it fails instead, since CI must test on PostgreSQL. Skipped, it
runs ``pytest $WITHOUT_POSTGRES`` on SQLite when that is set: ``make test``
sets it to the tests it runs in the PostgreSQL pass only.
"""

import contextlib
import glob
import os
import pwd
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

PREFERRED_VERSION = "15"
SERVER_SETTINGS = """
listen_addresses = ''
unix_socket_directories = '{socket_dir}'
max_connections = 60
fsync = off
synchronous_commit = off
full_page_writes = off
"""


class PostgresUnavailable(Exception):
    """No usable PostgreSQL server binaries on this machine."""


def find_bindir():
    """The directory with initdb and pg_ctl: $PG_BIN, PostgreSQL 15, the newest installed, or PATH."""
    candidates = []
    if os.environ.get("PG_BIN"):
        candidates.append(os.environ["PG_BIN"])
    candidates.append(f"/usr/lib/postgresql/{PREFERRED_VERSION}/bin")
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    for bindir in candidates:
        if all(os.access(Path(bindir, name), os.X_OK) for name in ("initdb", "pg_ctl", "createdb")):
            return Path(bindir)
    raise PostgresUnavailable(
        "no PostgreSQL server binaries (initdb, pg_ctl) in $PG_BIN, /usr/lib/postgresql/*/bin or on PATH; "
        "install them with 'apt-get install postgresql-15' (make test-deps does it as root)"
    )


def _as_server_user():
    """The command prefix that runs a program as an unprivileged user (empty unless we are root)."""
    if os.geteuid() != 0:
        return [], None
    try:
        user = pwd.getpwnam("postgres")
    except KeyError as error:
        raise PostgresUnavailable("running as root, and there is no unprivileged 'postgres' user") from error
    runuser = shutil.which("runuser") or "/usr/sbin/runuser"
    if os.access(runuser, os.X_OK):
        return [runuser, "-u", "postgres", "--"], user
    return ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups"], user


def _locale():
    """A UTF-8 locale, so that the text search parser knows ä, ö, ü and ß are letters."""
    available = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout.split()
    for name in ("C.UTF-8", "C.utf8", "de_DE.UTF-8", "de_DE.utf8", "en_US.UTF-8", "en_US.utf8"):
        if name in available:
            return name
    return "C.UTF-8"


@contextlib.contextmanager
def postgres_server(dbname="akk"):
    """Start a throwaway server with an empty database; yield its DATABASE_URL; stop and delete it."""
    bindir = find_bindir()
    prefix, user = _as_server_user()
    # In /tmp, not $TMPDIR: the server user must reach it, and a unix socket path
    # may be at most about 100 characters long.
    base = Path(tempfile.mkdtemp(prefix="akk-pg-", dir="/tmp" if os.access("/tmp", os.W_OK) else None))
    data = base / "data"
    log = base / "server.log"
    if user is not None:
        os.chown(base, user.pw_uid, user.pw_gid)
    base.chmod(0o755)

    def run(*args):
        return subprocess.run([*prefix, *map(str, args)], capture_output=True, text=True, check=True, cwd=base)

    started = False
    try:
        run(bindir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale", _locale())
        with open(data / "postgresql.conf", "a") as conf:
            conf.write(SERVER_SETTINGS.format(socket_dir=base))
        run(bindir / "pg_ctl", "-D", data, "-l", log, "-w", "-t", "60", "start")
        started = True
        run(bindir / "createdb", "-h", base, "-U", "postgres", dbname)
        yield f"postgres://postgres@{quote(str(base), safe='')}/{dbname}"
    except subprocess.CalledProcessError as error:
        server_log = log.read_text() if log.exists() else ""
        raise RuntimeError(
            f"PostgreSQL failed: {' '.join(map(str, error.cmd))}\n{error.stdout}{error.stderr}{server_log}"
        ) from error
    finally:
        if started:
            subprocess.run(
                [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                capture_output=True,
                check=False,
                cwd=base,
            )
        shutil.rmtree(base, ignore_errors=True)


def main(pytest_args):
    in_ci = os.environ.get("CI", "").lower() == "true"
    try:
        find_bindir()
        _as_server_user()
    except PostgresUnavailable as reason:
        if in_ci:
            print(f"ERROR: CI=true, but the PostgreSQL suite cannot run: {reason}.", file=sys.stderr)
            return 1
        print(f"SKIPPED: the test suite on PostgreSQL did not run: {reason}.")
        # make test runs some tests in this pass only (backend_independent): then they run on SQLite.
        instead = shlex.split(os.environ.get("WITHOUT_POSTGRES", ""))
        if instead:
            print(f"Running pytest {shlex.join(instead)} on SQLite instead.", flush=True)
            return subprocess.run([sys.executable, "-m", "pytest", *instead], check=False).returncode
        return 0

    # Stopped from outside (e.g. a CI timeout): still stop the server and delete its files.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    started = time.monotonic()
    with postgres_server() as database_url:
        print(f"PostgreSQL test server ready ({database_url})", flush=True)
        env = {**os.environ, "DATABASE_URL": database_url}
        code = subprocess.run([sys.executable, "-m", "pytest", *pytest_args], env=env, check=False).returncode
    print(f"PostgreSQL suite: exit code {code}, {time.monotonic() - started:.0f} s including server start and stop.")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
