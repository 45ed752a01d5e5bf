"""In-process figures of public pages: size, SQL queries and render time.

    python -m bench.probe /path1 /path2 ...   (prints one JSON object)

For each path: queries and median time of a fresh render (page cache off),
and queries of a cached answer (page cache on, second request). Uses the
database and settings of the environment, like the benchmark server.
"""

import json
import os
import statistics
import sys
import time

import django

RENDERS = 15


class QueryCounter:
    """Counts SQL statements (connection.execute_wrapper; survives the per-request query log reset)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def count_queries(client, path):
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        response = client.get(path)
    return response, counter.count


def probe(paths):
    from django.core.cache import caches
    from django.test import Client
    from django.test.utils import override_settings

    # Like a request through the TLS-terminating proxy (production settings redirect plain HTTP).
    client = Client(SERVER_NAME="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    results = {}
    for path in paths:
        with override_settings(PAGE_CACHE=False):
            response, queries = count_queries(client, path)
            times = []
            for _ in range(RENDERS):
                start = time.perf_counter()
                client.get(path)
                times.append(time.perf_counter() - start)
        with override_settings(PAGE_CACHE=True):
            caches["pages"].clear()
            client.get(path)
            cached, cached_queries = count_queries(client, path)
        results[path] = {
            "status": response.status_code,
            "bytes": len(response.content),
            "queries": queries,
            "render_ms": statistics.median(times) * 1000,
            "render_min_ms": min(times) * 1000,
            "cached_queries": cached_queries,
            "cached_status": cached.status_code,
            "cookies": sorted(response.cookies),
        }
    return results


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    print(json.dumps(probe(sys.argv[1:])))


if __name__ == "__main__":
    main()
