"""
Serve the site the way `make run` promises: gunicorn for the web, plus the
background task worker and the scheduler, started and stopped together.
If the task worker or the scheduler dies it is started again, after 1 s,
then 2, 4… up to RESTART_BACKOFF_MAX (back to 1 s once it has run a minute),
and the web keeps serving: a database restart must not stop a node for good.
gunicorn restarts its own workers; if gunicorn itself exits, the others are
stopped and the command fails, so a supervisor (systemd, a container
runtime) can restart the whole set. Run it on every node: the scheduler's
lease keeps its rounds to one node at a time.

gunicorn takes its settings from cliffhanger/gunicorn_conf.py (workers from the
CPU count, timeouts, preload, access log); --host, --port and --workers win.
SIGHUP reloads gracefully: gunicorn replaces its workers once they finish their
requests, and the task worker and scheduler are restarted.
"""

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from cliffhanger.core.preflight import problems


class Command(BaseCommand):
    help = "Run gunicorn, the task worker and the scheduler together."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="gunicorn worker processes (default: WEB_CONCURRENCY, else from CPUs)",
        )

    def handle(self, *args, host, port, workers, **options):
        found = problems()
        if found:
            raise CommandError("\n".join(found))
        commands = _commands(host, port, workers)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get(
                "DJANGO_SETTINGS_MODULE", "cliffhanger.settings.base"
            ),
            # Links in emails point at this server unless told otherwise.
            "SITE_URL": os.environ.get("SITE_URL") or f"http://{host}:{port}",
        }
        processes = {
            name: subprocess.Popen(cmd, env=env) for name, cmd in commands.items()
        }
        self.stdout.write(
            f"Cliffhanger is serving on http://{host}:{port}/ (Ctrl+C to stop)"
        )
        exit_code = 0
        try:
            exit_code = self._supervise(processes, commands, env)
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.terminate()
            # gunicorn's graceful timeout, plus a little.
            deadline = time.monotonic() + 35
            for process in processes.values():
                try:
                    process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    process.kill()
        if exit_code:
            sys.exit(exit_code)

    def _supervise(self, processes: dict, commands: dict, env: dict) -> int:
        """Until a signal to stop (0) or gunicorn's exit (its code): restart the
        others as they die, reload on SIGHUP."""
        flags = {"stopping": False, "reloading": False}
        signal.signal(signal.SIGTERM, lambda *_: flags.update(stopping=True))
        signal.signal(signal.SIGINT, lambda *_: flags.update(stopping=True))
        signal.signal(signal.SIGHUP, lambda *_: flags.update(reloading=True))
        restarts = Restarts()
        while not flags["stopping"]:
            if flags["reloading"]:
                flags["reloading"] = False
                self.stdout.write("Reloading: gunicorn workers, task worker, scheduler")
                processes["web"].send_signal(signal.SIGHUP)
                for name in ("worker", "scheduler"):
                    _stop(processes[name])
                    processes[name] = subprocess.Popen(commands[name], env=env)
                    restarts.forget(name)  # a fresh start: no restart pending
            if processes["web"].poll() is not None:
                code = processes["web"].returncode
                self.stderr.write(f"web exited with {code}; stopping.")
                return code or 1
            for name, process in processes.items():
                if process.poll() is None:
                    restarts.running(name)
                    continue
                wait = restarts.due_in(name)
                if wait is None:
                    self.stderr.write(
                        f"{name} exited with {process.returncode};"
                        f" restarting in {restarts.delay(name):.0f} s."
                    )
                    restarts.schedule(name)
                elif wait <= 0:
                    processes[name] = subprocess.Popen(commands[name], env=env)
                    restarts.started(name)
            time.sleep(0.5)
        return 0


def _commands(host: str, port: str, workers: int | None) -> dict[str, list[str]]:
    """What serve runs: gunicorn, the task worker and the scheduler."""
    python = sys.executable
    manage = [python, "-m", "cliffhanger.manage"]
    return {
        "web": [
            python,
            "-m",
            "gunicorn",
            "--config",
            "python:cliffhanger.gunicorn_conf",
            "--bind",
            f"{host}:{port}",
            *(["--workers", str(workers)] if workers else []),
        ],
        "worker": [*manage, "run_worker", "--interval", "2", "--no-reload"],
        "scheduler": [*manage, "run_scheduler"],
    }


RESTART_BACKOFF_MAX = 30.0
HEALTHY_AFTER = 60.0  # seconds up after which a crash starts the backoff over


class Restarts:
    """When each crashed child may start again: 1 s, doubling to the maximum."""

    def __init__(self):
        self._delay: dict[str, float] = {}
        self._at: dict[str, float] = {}
        self._started: dict[str, float] = {}

    def delay(self, name: str) -> float:
        return self._delay.get(name, 1.0)

    def due_in(self, name: str) -> float | None:
        """Seconds until the restart scheduled for `name`; None if none is."""
        at = self._at.get(name)
        return None if at is None else at - time.monotonic()

    def schedule(self, name: str) -> None:
        self._at[name] = time.monotonic() + self.delay(name)

    def started(self, name: str) -> None:
        self._at.pop(name, None)
        self._started[name] = time.monotonic()
        self._delay[name] = min(self.delay(name) * 2, RESTART_BACKOFF_MAX)

    def forget(self, name: str) -> None:
        for record in (self._at, self._delay, self._started):
            record.pop(name, None)

    def running(self, name: str) -> None:
        started = self._started.get(name)
        if started is not None and time.monotonic() - started > HEALTHY_AFTER:
            self._delay.pop(name, None)
            self._started.pop(name, None)


def _stop(process: subprocess.Popen, timeout: float = 30) -> None:
    """SIGTERM, then SIGKILL if it has not finished its round within the timeout."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
