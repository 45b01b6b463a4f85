"""gunicorn reads this by itself: `gunicorn wsgi:app` serves the hall on eventlet.

One process (the state of Socket.IO rooms lives in it; several processes need
DOITHOAI_MESSAGE_QUEUE and sticky sessions), many connections.
"""
bind = "0.0.0.0:5000"
worker_class = "eventlet"
workers = 1
worker_connections = 4096  # eventlet's default of 1024 is too few for a hall of phones
timeout = 60
graceful_timeout = 10
accesslog = "-"


def post_worker_init(worker):
    """The worker has loaded the app: tune its garbage collector as `python wsgi.py` does."""
    from conference.realtime import tune_garbage_collector

    tune_garbage_collector()
