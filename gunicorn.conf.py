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


def post_worker_init(worker):
    """The worker has loaded the app: tune its garbage collector as `python wsgi.py` does."""
    from conference.realtime import tune_garbage_collector

    tune_garbage_collector()
