"""
Serve the site the way `make run` promises: gunicorn for the web, plus the
background task worker and the scheduler, started and stopped together.
If any of them dies, the others are stopped and the command fails, so a
supervisor (systemd, a container runtime) can restart the whole set.

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
        python = sys.executable
        manage = [python, "-m", "django"]
        commands = {
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

        stopping = False
        reloading = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        def reload(*_):
            nonlocal reloading
            reloading = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGHUP, reload)
        exit_code = 0
        try:
            while not stopping:
                if reloading:
                    reloading = False
                    self.stdout.write(
                        "Reloading: gunicorn workers, task worker, scheduler"
                    )
                    processes["web"].send_signal(signal.SIGHUP)
                    for name in ("worker", "scheduler"):
                        _stop(processes[name])
                        processes[name] = subprocess.Popen(commands[name], env=env)
                for name, process in processes.items():
                    if process.poll() is not None:
                        self.stderr.write(
                            f"{name} exited with {process.returncode}; stopping."
                        )
                        exit_code = process.returncode or 1
                        stopping = True
                        break
                time.sleep(0.5)
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


def _stop(process: subprocess.Popen, timeout: float = 30) -> None:
    """SIGTERM, then SIGKILL if it has not finished its round within the timeout."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
