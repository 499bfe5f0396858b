"""Background jobs on one huey queue: SqliteHuey under instance/ by default, RedisHuey when REDIS_URL is set.

A package declares its jobs here, at import time, without an app:

    from rocb import jobs

    @jobs.task(retries=2, retry_delay=60)
    def rebuild_chart(cycle_id): ...

    @jobs.periodic(jobs.crontab(minute="0", hour="*/6"))
    def send_survey_reminders(): ...      # a sweep: finds by itself what is due, safe to run twice

and lists its module in JOB_MODULES so that the worker knows it. `rebuild_chart(3)` enqueues on the current
app's queue (`rebuild_chart.run_now(3)` runs it in-process); every job runs inside an app context of the app that
created the queue. `flask worker` runs the consumer; `flask worker --burst` (and `run_burst(app)` in tests) runs
what is due now and exits: every periodic job once, then the queue until it is empty.
"""

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from flask import Flask, current_app
from huey import RedisHuey, SqliteHuey, crontab  # noqa: F401  (crontab: for the packages' periodic jobs)

log = logging.getLogger(__name__)

# Modules that declare jobs; imported before the queue is built so that web and worker know the same jobs.
JOB_MODULES: tuple[str, ...] = ("rocb.mail.jobs", "rocb.auth.jobs", "rocb.nominations.jobs", "rocb.analytics.jobs",
                                "rocb.followups.jobs")
EXTENSION = "rocb_huey"


@dataclass
class Job:
    fn: Callable
    name: str
    schedule: Callable | None = None  # a huey crontab for periodic jobs
    settings: dict = field(default_factory=dict)

    def _wrapper(self):
        return current_app.extensions[EXTENSION].wrappers[self.name]

    def __call__(self, *args, **kwargs):
        """Enqueue on the current app's queue (returns huey's Result)."""
        return self._wrapper()(*args, **kwargs)

    def schedule_in(self, delay: float, *args, **kwargs):
        return self._wrapper().schedule(args=args, kwargs=kwargs, delay=delay)

    def run_now(self, *args, **kwargs):
        """Run in this process, in the current app context (scripts and tests)."""
        return self.fn(*args, **kwargs)


_JOBS: dict[str, Job] = {}


def _declare(fn, schedule=None, **settings) -> Job:
    name = f"{fn.__module__}.{fn.__name__}"
    job = Job(fn=fn, name=name, schedule=schedule, settings=settings)
    _JOBS[name] = job
    return job


def task(retries: int = 0, retry_delay: int = 0):
    def decorate(fn):
        return _declare(fn, retries=retries, retry_delay=retry_delay)
    return decorate


def periodic(schedule):
    """A job the consumer runs on a huey crontab (and `--burst` runs once)."""
    def decorate(fn):
        return _declare(fn, schedule=schedule)
    return decorate


class Queue:
    """The huey instance of one app and the app-context wrappers of every declared job."""

    def __init__(self, app: Flask):
        self.app = app
        self.huey = make_huey(app.config, app.instance_path)
        self.wrappers = {}
        for job in _JOBS.values():
            runner = self._in_app_context(job.fn)
            # huey names a task <module>.<name>: the job's own module and function name
            if job.schedule is not None:
                wrapper = self.huey.periodic_task(job.schedule, name=job.fn.__name__)(runner)
            else:
                wrapper = self.huey.task(name=job.fn.__name__, **job.settings)(runner)
            self.wrappers[job.name] = wrapper

    def _in_app_context(self, fn):
        app = self.app

        def run(*args, **kwargs):
            with app.app_context():
                return fn(*args, **kwargs)

        run.__name__ = fn.__name__
        run.__module__ = fn.__module__
        return run


# Seconds to wait for Redis: to connect, and for any answer. A Redis that is down or silent then costs a request
# that queues work at most about these seconds (the job is lost; the sweeps do its work later) and never hangs it.
# The read wait stays above huey's blocking read of the queue (READ_WAIT) so an idle worker does not time out.
REDIS_CONNECT_TIMEOUT, REDIS_TIMEOUT, READ_WAIT = 1.0, 2.0, 1


def make_huey(config, instance_path: str):
    name = config.get("HUEY_NAME", "rocb")
    common = {"results": False, "immediate": bool(config.get("HUEY_IMMEDIATE", False)), "utc": True}
    if config.get("HUEY_REDIS_URL"):
        from redis import ConnectionPool

        timeout = max(float(config.get("HUEY_REDIS_TIMEOUT") or REDIS_TIMEOUT), READ_WAIT + 0.5)
        pool = ConnectionPool.from_url(
            config["HUEY_REDIS_URL"], socket_timeout=timeout,
            socket_connect_timeout=float(config.get("HUEY_REDIS_CONNECT_TIMEOUT") or REDIS_CONNECT_TIMEOUT))
        return RedisHuey(name, connection_pool=pool, read_timeout=READ_WAIT, **common)
    filename = config.get("HUEY_SQLITE_FILE") or os.path.join(instance_path, "huey.sqlite")
    return SqliteHuey(name, filename=filename, **common)


def init_app(app: Flask) -> None:
    for module_name in JOB_MODULES:
        import_module(module_name)
    app.extensions[EXTENSION] = Queue(app)


def huey_of(app: Flask):
    return app.extensions[EXTENSION].huey


def run_burst(app: Flask, periodic_jobs: bool = True) -> int:
    """Run what is due now and return how many tasks ran: each periodic job once, the scheduled tasks whose time
    has come, then the queue until it is empty (tasks enqueued meanwhile run too)."""
    queue: Queue = app.extensions[EXTENSION]
    huey = queue.huey
    ran = 0
    if periodic_jobs:
        for job in _JOBS.values():
            if job.schedule is not None:
                huey.enqueue(queue.wrappers[job.name].s())
    for scheduled in huey.read_schedule():
        huey.enqueue(scheduled)
    while (message := huey.dequeue()) is not None:
        huey.execute(message)
        ran += 1
    return ran


def run_consumer(app: Flask, workers: int = 1) -> None:
    """The long-running worker (`flask worker`): huey's consumer with its scheduler for the periodic jobs.
    SIGTERM (what systemd, containers and `make run` send to stop it) lets the running task finish (the mail being
    sent is marked sent before the worker exits); SIGINT (Ctrl-C) stops at once; neither, nor SIGKILL, loses a
    message (see the README's delivery guarantee)."""
    consumer = huey_of(app).create_consumer(workers=workers, worker_type="thread", periodic=True,
                                            initial_delay=0.1, max_delay=2.0, check_worker_health=True,
                                            graceful_signal="TERM")
    consumer.run()


def register_commands(app: Flask) -> None:
    import click

    @app.cli.command("worker")
    @click.option("--burst", is_flag=True, help="Run what is due now (periodic jobs once, then the queue) and exit.")
    @click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 16))
    def worker_command(burst, workers):
        """Run the background worker: delivers the outbox, runs periodic jobs."""
        if burst:
            ran = run_burst(app)
            click.echo(f"Ran {ran} task(s).")
            return
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
        run_consumer(app, workers)
