"""The throwaway PostgreSQL server of the test run (tests/postgres.py) works and leaves nothing behind."""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import psycopg
import pytest

from tests import postgres

pytestmark = pytest.mark.slow


@pytest.fixture
def server_binaries():
    try:
        return postgres.find_bindir()
    except postgres.PostgresUnavailable as reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true, but {reason}")
        pytest.skip(str(reason))


def test_the_server_holds_german_text_and_is_gone_with_its_files_afterwards(server_binaries):
    with postgres.postgres_server(dbname="probe") as url:
        socket_dir = Path(unquote(urlsplit(url).netloc.split("@", 1)[1]))
        with psycopg.connect(host=str(socket_dir), user="postgres", dbname="probe") as conn:
            conn.execute("CREATE TABLE t (body text)")
            conn.execute("INSERT INTO t VALUES ('Straßenbeleuchtung in Großröhrsdorf')")
            (lexemes,) = conn.execute("SELECT to_tsvector('german', body)::text FROM t").fetchone()
        assert socket_dir.is_dir()
        assert list(socket_dir.glob(".s.PGSQL.*"))

    assert "'strassenbeleucht'" in lexemes
    assert "'grossrohrsdorf'" in lexemes
    assert not socket_dir.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host=str(socket_dir), user="postgres", dbname="probe", connect_timeout=2)
