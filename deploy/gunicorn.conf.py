"""gunicorn settings for akk-cms, used by `make serve` and deploy/akk-cms.service.

    gunicorn --config deploy/gunicorn.conf.py

Environment overrides: GUNICORN_BIND (default 127.0.0.1:8000; nginx proxies to
it), WEB_CONCURRENCY (number of worker processes), GUNICORN_TIMEOUT (seconds).

Sync workers: nginx in front buffers slow clients, pages take milliseconds, and
PDFs are rendered by the task worker, never in a reader's request (downloads
serve the stored file). Two workers per core plus one keep the cores busy
while a worker waits for the database. The only render in a request is a
staff preview of a draft (a few seconds); the timeout bounds it and lies
below nginx's proxy_read_timeout (30 s).
"""

import multiprocessing
import os

wsgi_app = "akk_cms.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 12))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "25"))
graceful_timeout = 30
# Replace each worker after about 1000 requests, so slow leaks cannot pile up.
max_requests = 1000
max_requests_jitter = 100
# Trust X-Forwarded-* only from nginx on this machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Each gunicorn would otherwise open ~/.gunicorn/gunicorn.ctl, and two side by side fight over it.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "akk-cms"
