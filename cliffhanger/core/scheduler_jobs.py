"""
Functions the scheduler (manage.py run_scheduler) calls every round, after
publishing what is due. Each app registers its own from its AppConfig.ready():

    from cliffhanger.core.scheduler_jobs import job_register

    from . import jobs

    job_register(jobs.moderation_digest_enqueue)

A job takes no argument, decides for itself whether it is due (the daily digest,
an hourly pruning) and is a cheap query when there is nothing to do. Jobs run in
the order registered, which is the order of INSTALLED_APPS; one is known by its
dotted path, which the scheduler names when it fails. Registering a function
again keeps one, so a ready() that runs twice changes nothing.
"""

from collections.abc import Callable

Job = Callable[[], object]

_jobs: dict[str, Job] = {}


def job_name(job: Job) -> str:
    """The job's dotted path, e.g. "cliffhanger.discussion.jobs.moderation_digest_enqueue"."""
    return f"{job.__module__}.{job.__qualname__}"


def job_register(job: Job) -> None:
    """Have the scheduler call `job()` every round, after the jobs registered before."""
    _jobs.setdefault(job_name(job), job)


def jobs_registered() -> list[tuple[str, Job]]:
    """(dotted path, function) for every registered job, in the order they run."""
    return list(_jobs.items())
