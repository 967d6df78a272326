"""The scheduler's job registry (core/scheduler_jobs.py) and run_scheduler's round."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from cliffhanger.core import scheduler_jobs
from cliffhanger.core.management.commands import run_scheduler
from cliffhanger.core.scheduler_jobs import job_name, job_register, jobs_registered

# What the apps register from their ready(), in the order the scheduler runs it.
APPS_JOBS = [
    "cliffhanger.core.db.statistics.planner_statistics_job",
    "cliffhanger.discussion.jobs.moderation_digest_enqueue",
    "cliffhanger.tracker.jobs.today_invalidate",
    "cliffhanger.predictions.jobs.poll_turns_invalidate",
    "cliffhanger.webhooks.jobs.deliveries_enqueue_due",
    "cliffhanger.webhooks.jobs.deliveries_prune",
    "cliffhanger.newsletters.jobs.issues_compose_due",
    "cliffhanger.newsletters.jobs.issues_send_due",
    "cliffhanger.newsletters.jobs.issues_resume_stalled",
    "cliffhanger.accounts.jobs.unconfirmed_accounts_prune",
]
# Core's jobs too, but its ready() also registers a URL converter, which
# Django refuses twice.
APPS_WITH_JOBS = (
    "discussion",
    "tracker",
    "predictions",
    "webhooks",
    "newsletters",
    "accounts",
)

ran: list[str] = []


def job_first() -> None:
    ran.append("first")


def job_fails() -> None:
    ran.append("fails")
    raise ValueError("no such newsletter")


def job_last() -> None:
    ran.append("last")


@pytest.fixture
def no_jobs(monkeypatch):
    """An empty registry for this test; the apps' jobs come back afterwards."""
    monkeypatch.setattr(scheduler_jobs, "_jobs", {})
    ran.clear()


class TestJobRegister:
    def test_jobs_run_in_the_order_registered_under_their_dotted_path(self, no_jobs):
        job_register(job_last)
        job_register(job_first)

        assert jobs_registered() == [
            ("cliffhanger.core.tests.test_scheduler_jobs.job_last", job_last),
            ("cliffhanger.core.tests.test_scheduler_jobs.job_first", job_first),
        ]

    def test_registering_a_job_again_keeps_one(self, no_jobs):
        job_register(job_first)
        job_register(job_last)
        job_register(job_first)

        assert [job for _, job in jobs_registered()] == [job_first, job_last]

    def test_the_apps_register_their_jobs_in_installed_apps_order(self):
        assert [name for name, _ in jobs_registered()] == APPS_JOBS
        assert [job_name(job) for _, job in jobs_registered()] == APPS_JOBS

    def test_ready_run_again_registers_nothing_more(self):
        before = jobs_registered()

        for label in APPS_WITH_JOBS:
            apps.get_app_config(label).ready()

        assert jobs_registered() == before


@pytest.mark.django_db
class TestRound:
    def test_publishing_comes_first_then_the_registered_jobs(
        self, no_jobs, monkeypatch
    ):
        monkeypatch.setattr(
            run_scheduler, "call_command", lambda name, **_: ran.append(name)
        )
        job_register(job_first)
        job_register(job_last)

        call_command("run_scheduler", "--once")

        assert ran == ["publish_scheduled", "first", "last"]

    def test_a_failing_job_is_named_and_the_others_still_run(self, no_jobs):
        job_register(job_fails)
        job_register(job_last)
        stderr = io.StringIO()

        call_command("run_scheduler", "--once", stderr=stderr)

        assert ran == ["fails", "last"]
        assert stderr.getvalue() == (
            "cliffhanger.core.tests.test_scheduler_jobs.job_fails failed:"
            " ValueError('no such newsletter')\n"
        )
