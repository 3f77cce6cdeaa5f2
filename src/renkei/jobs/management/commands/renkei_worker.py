"""``renkei_worker``: django-tasks' database worker, made to outlive a busy or failing database.

The upstream worker (``db_worker``) dies on the first database error of its own bookkeeping:
claiming the next task while an import holds the SQLite write lock longer than the busy
timeout ("database is locked"), or a PostgreSQL lock timeout, ends the process and every job
after it waits until someone restarts it. This one logs the error, waits (longer each time, at
most :data:`MAX_BACKOFF` seconds), reconnects and goes on with the queue. A job's own failure is
recorded on its row by :func:`renkei.jobs.tasks.run_job` and never reaches the loop.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.db import connections
from django_tasks_db.management.commands import db_worker as upstream

logger = logging.getLogger("renkei.jobs.worker")

FIRST_BACKOFF = 0.2  # seconds
MAX_BACKOFF = 30.0


class SturdyWorker(upstream.Worker):
    def run(self) -> None:
        backoff = FIRST_BACKOFF
        while self.running:
            try:
                super().run()
                return  # --batch with an empty queue, or --max-tasks reached
            except Exception:
                # Not BaseException: SystemExit from a signal still stops the worker.
                logger.warning(
                    "the job worker met a database error; trying again in %.1f s",
                    backoff,
                    exc_info=True,
                )
            # A broken connection or transaction must not be reused: start afresh.
            connections.close_all()
            self.startup_delay = False
            time.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF)


class Command(upstream.Command):
    help = "Run queued jobs; a failing job or a busy database does not stop the worker."

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise upstream.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = SturdyWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        # Signals can be caught in the main thread only (a test may run the worker elsewhere).
        if threading.current_thread() is threading.main_thread():
            worker.configure_signals()
        worker.run()
