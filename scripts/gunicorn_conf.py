"""gunicorn's settings for the three origins of ``make serve`` (``scripts/serve.py``).

Threaded workers (``gthread``): a portal request waits on the identity provider's token
endpoint and every request waits on PostgreSQL and Redis, so a few processes (the cores) with a
few threads each keep the CPUs busy without a process per concurrent request. The address and
the application come from the command line; the sizes from ``SERVE_WORKERS`` and
``SERVE_THREADS``; logs follow the origins' ``LOG_FORMAT`` (JSON in production mode).
"""

from __future__ import annotations

import os

worker_class = "gthread"
workers = int(os.environ.get("SERVE_WORKERS", "3"))
threads = int(os.environ.get("SERVE_THREADS", "4"))
# Requests queue in the kernel while every thread is busy: a class signing in at once must
# wait, not be refused (gunicorn's default backlog is 2048; the kernel caps it at somaxconn).
backlog = 2048
timeout = 30
graceful_timeout = 20
# Longer than a person's pause between clicks (a browser keeps its connection ~a minute): a
# connection closed by the server just as the client reuses it is a reset request. Idle
# connections cost a gthread worker no thread.
keepalive = 65
# Behind a TLS proxy on this machine: its X-Forwarded-Proto is believed from loopback only
# (gunicorn's FORWARDED_ALLOW_IPS variable widens it).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# The TLS proxy logs every request already; SERVE_ACCESS_LOG=true adds gunicorn's own.
_access_log = os.environ.get("SERVE_ACCESS_LOG", "").lower() in ("1", "true", "yes")
accesslog = "-" if _access_log else None
errorlog = "-"
proc_name = os.environ.get("SERVE_ORIGIN", "simulator")
# gunicorn 24+'s control socket has one default path per user: three masters would fight over
# it, and nothing here uses it.
control_socket_disable = True

_json = os.environ.get("LOG_FORMAT") == "json" or (
    os.environ.get("LOG_FORMAT") is None and os.environ.get("SIMULATOR_MODE") == "production"
)
if _json:
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
                "static_fields": {"origin": proc_name},
            }
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json",
                        "stream": "ext://sys.stdout"},
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
            # A logging configuration makes gunicorn log every request: only when asked.
            "gunicorn.access": {
                "handlers": ["console"], "level": "INFO" if _access_log else "WARNING",
                "propagate": False,
            },
        },
    }
