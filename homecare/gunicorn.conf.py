"""gunicorn settings for the web tier: `gunicorn -c homecare/gunicorn.conf.py`.

Sized from the machine it starts on. Every value can be overridden on the command line or with GUNICORN_CMD_ARGS;
the number of workers also with WEB_CONCURRENCY and the threads per worker with GUNICORN_THREADS.
"""

import os

wsgi_app = "homecare.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# The pages spend most of their time in Python (queries, templates), so the web tier scales with processes: the
# usual 2 x cores + 1 keeps every core busy while some workers wait on PostgreSQL. Two threads per worker let a
# worker answer a cheap request (a health check, a static file) while another waits for the database, without many
# more database connections: at most workers x threads per machine.
# The cores this process may run on (a container's CPU set, not the host's count).
cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * cores + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 2)
worker_class = "gthread"

# No page takes seconds (document packs are built by the background workers, never in a request), so a worker silent
# for 30 seconds is stuck and is restarted. On a restart or deploy, requests in flight get 30 seconds to finish.
timeout = 30
graceful_timeout = 30
# Idle keep-alive connections from the proxy or load balancer in front are held this long.
keepalive = 5
# Workers are replaced after this many requests (spread out so that they do not all restart at once), so that slow
# growth in a worker's memory never builds up.
max_requests = 2000
max_requests_jitter = 200

# The access log and errors go to standard output and error, for the service manager to keep.
accesslog = "-"
errorlog = "-"
# Nothing here uses gunicorn's control socket, and several servers on one machine would share its default path.
control_socket_disable = True


def post_worker_init(worker):
    """Django is loaded: what it made at start is kept for the life of the worker, so it is moved out of the garbage
    collector's sight (gc.freeze) and the collector's full passes walk only what requests make."""
    import gc

    gc.collect()
    gc.freeze()
