"""
What makes kept search results stale (results_part.py), connected in
SearchConfig.ready(): the index itself. Wagtail indexes a saved page, show or
person in a task after the save commits, so the "articles" bump of a publish
comes before the index knows the page; "search" is bumped when that task ends.
"""

from django_tasks.signals import task_finished

from cliffhanger.caching.dependencies import invalidate

# What the search index holds.
SEARCH_INDEX = "search"
INDEX_TASK = "modelsearch.tasks.insert_or_update_object_task"


def index_task_finished(sender, task_result, **kwargs) -> None:
    if task_result.task.module_path == INDEX_TASK:
        invalidate(SEARCH_INDEX)


def connect() -> None:
    task_finished.connect(index_task_finished, dispatch_uid="search-index-finished")
