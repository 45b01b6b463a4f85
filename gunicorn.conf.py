"""gunicorn reads this by itself: `gunicorn wsgi:app` serves the hall on eventlet.

One process (the state of Socket.IO rooms lives in it; several processes need
DOITHOAI_MESSAGE_QUEUE and sticky sessions), many connections.
"""
import os
import warnings

# eventlet announces its maintenance mode when the worker class loads; the user chose it.
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

bind = "0.0.0.0:5000"
worker_class = "eventlet"
workers = 1
worker_connections = 4096  # eventlet's default of 1024 is too few for a hall of phones
backlog = 2048  # gunicorn's own default, said here: the join QR's surge queues, not dropped (wsgi.py LISTEN_BACKLOG)
timeout = 60
graceful_timeout = 10
accesslog = "-"

# HTTPS for tablet cameras, with the app's own certificate (see the README, "At the door"):
# DOITHOAI_HTTPS=1 gunicorn wsgi:app
if os.environ.get("DOITHOAI_HTTPS") == "1":
    from pathlib import Path

    from conference.net import lan_address
    from kiosk.tls import ensure_certificate

    _instance = Path(os.environ.get("DOITHOAI_INSTANCE") or Path(__file__).resolve().parent / "instance")
    _cert, _key = ensure_certificate(_instance / "tls", [lan_address()])
    certfile, keyfile = str(_cert), str(_key)


def on_starting(server):
    """Before any worker: one server per hall (the database is claimed, as `python wsgi.py`
    does), and the join address fixed from the bind and the LAN address, never a request."""
    from pathlib import Path

    from conference.net import lan_address
    from conference.one_server import AlreadyRunning, claim_database

    instance = Path(os.environ.get("DOITHOAI_INSTANCE") or Path(__file__).resolve().parent / "instance")
    instance.mkdir(parents=True, exist_ok=True)
    database = os.environ.get("DOITHOAI_DATABASE") or str(instance / "doithoai.db")
    host, _, port = str(server.cfg.bind[0]).rpartition(":")
    shown = lan_address() if host in ("0.0.0.0", "[::]", "") else host
    scheme = "https" if os.environ.get("DOITHOAI_HTTPS") == "1" else "http"
    os.environ.setdefault("DOITHOAI_PUBLIC_URL", f"{scheme}://{shown}:{port}")
    try:
        claim_database(database, os.environ["DOITHOAI_PUBLIC_URL"], shared=bool(os.environ.get("DOITHOAI_MESSAGE_QUEUE")))
    except AlreadyRunning as stop:
        print(stop, flush=True)
        raise SystemExit(1)


def post_worker_init(worker):
    """The worker has loaded the app: tune its garbage collector as `python wsgi.py` does,
    and close the sockets of sessions another process ends."""
    from conference.realtime import start_session_sweeper, tune_garbage_collector

    tune_garbage_collector()
    start_session_sweeper(worker.wsgi)
