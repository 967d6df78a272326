"""
The SQLite writer queue (core/db/writer_lock.py, core/db/sqlite/base.py), on a
database file of its own: the test settings' in-memory database skips the queue.
"""

import os
import threading
import time

import pytest
from django.db import connections, transaction

from cliffhanger.core.db.writer_lock import writer_lock

ALIAS = "writer_lock_test"


@pytest.fixture
def database(tmp_path, django_db_blocker):
    """A WAL database file under its own alias, set up as in settings.base."""
    path = tmp_path / "site.sqlite3"
    configured = connections.configure_settings(
        {
            "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
            ALIAS: {
                "ENGINE": "cliffhanger.core.db.sqlite",
                "NAME": path,
                "OPTIONS": {
                    "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
                    "transaction_mode": "IMMEDIATE",
                },
            },
        }
    )
    connections.settings[ALIAS] = configured[ALIAS]
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE note (body TEXT)")
        yield path
        connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]


def write(body: str) -> None:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("INSERT INTO note (body) VALUES (%s)", [body])


def is_free(path) -> bool:
    """Whether another thread could take the writer's turn now."""
    taken = []

    def take():
        lock = writer_lock(str(path))
        taken.append(lock.acquire(timeout=0.05))
        if taken[0]:
            lock.release()

    thread = threading.Thread(target=take)
    thread.start()
    thread.join()
    return taken[0]


def test_a_waiting_writer_queues_and_begins_once_the_first_commits(database):
    # The second connection will not wait on SQLite's busy handler at all: had
    # it asked SQLite for the write lock while the first held it, its BEGIN
    # would fail at once. It must wait in the queue and begin after the commit.
    # (Timing bounds flaked on a loaded CI machine; this does not depend on one.)
    waiting = threading.Event()
    first_committed_at = []
    second_began_at = []
    failures = []

    def second():
        try:
            with connections[ALIAS].cursor() as cursor:
                cursor.execute("PRAGMA busy_timeout = 0")
            waiting.set()
            with transaction.atomic(using=ALIAS):
                second_began_at.append(time.monotonic())
                write("second")
        except Exception as error:  # reported below, in the test's thread
            failures.append(error)
        finally:
            waiting.set()
            connections[ALIAS].close()

    with transaction.atomic(using=ALIAS):
        write("first")
        thread = threading.Thread(target=second)
        thread.start()
        waiting.wait()
        time.sleep(0.25)
        assert not second_began_at
    first_committed_at.append(time.monotonic())
    thread.join()

    assert failures == []
    assert 0 <= second_began_at[0] - first_committed_at[0] < 1
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT body FROM note ORDER BY rowid")
        assert cursor.fetchall() == [("first",), ("second",)]


def test_the_turn_is_held_for_the_transaction_and_given_back_on_commit(database):
    with transaction.atomic(using=ALIAS):
        write("kept")
        assert not is_free(database)

    assert is_free(database)


def test_an_exception_inside_atomic_gives_the_turn_back(database):
    with pytest.raises(RuntimeError), transaction.atomic(using=ALIAS):
        write("lost")
        raise RuntimeError

    assert is_free(database)


def test_a_rollback_gives_the_turn_back(database):
    with transaction.atomic(using=ALIAS):
        write("lost")
        transaction.set_rollback(True, using=ALIAS)

    assert is_free(database)
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM note")
        assert cursor.fetchone() == (0,)


def test_a_savepoint_rolled_back_keeps_the_turn_until_the_outer_block_ends(database):
    with transaction.atomic(using=ALIAS):
        write("kept")
        with pytest.raises(RuntimeError), transaction.atomic(using=ALIAS):
            write("lost")
            raise RuntimeError
        assert not is_free(database)

    assert is_free(database)


def test_closing_the_connection_inside_a_transaction_gives_the_turn_back(database):
    with transaction.atomic(using=ALIAS):
        write("lost")
        connections[ALIAS].close()
        assert is_free(database)

    write("after")
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT body FROM note")
        assert cursor.fetchall() == [("after",)]


def test_the_lock_file_lies_beside_the_database(database):
    with transaction.atomic(using=ALIAS):
        write("kept")

    assert (database.parent / f"{database.name}-writer").exists()


def test_an_in_memory_database_skips_the_queue(django_db_blocker):
    from cliffhanger.core.db.sqlite.base import DatabaseWrapper

    settings = connections.configure_settings(
        {"default": {"ENGINE": "cliffhanger.core.db.sqlite", "NAME": ":memory:"}}
    )["default"]
    wrapper = DatabaseWrapper(settings, alias="in_memory")
    with django_db_blocker.unblock():
        wrapper.ensure_connection()
        wrapper._start_transaction_under_autocommit()
        assert wrapper._writer_lock is None
        wrapper._rollback()
        wrapper.connection.close()


def test_acquire_gives_up_after_its_timeout(tmp_path):
    lock = writer_lock(str(tmp_path / "site.sqlite3"))
    assert lock.acquire()
    try:
        started = time.monotonic()
        other = []
        thread = threading.Thread(target=lambda: other.append(lock.acquire(0.05)))
        thread.start()
        thread.join()
        assert other == [False]
        assert 0.05 <= time.monotonic() - started < 1
    finally:
        lock.release()

    assert is_free(tmp_path / "site.sqlite3")


def test_a_lock_file_that_cannot_be_made_means_no_queue(tmp_path):
    lock = writer_lock(str(tmp_path / "missing-folder" / "site.sqlite3"))

    assert lock.acquire(timeout=0.05) is False
    assert lock.acquire(timeout=0.05) is False


def test_a_forked_child_waits_for_its_parents_turn_and_then_gets_one(tmp_path):
    lock = writer_lock(str(tmp_path / "site.sqlite3"))
    released = tmp_path / "released"
    assert lock.acquire()

    def child() -> bool:
        if lock.acquire(timeout=0.05):
            return False
        os.write(write_end, b"x")
        while not released.exists():
            time.sleep(0.001)
        if not lock.acquire(timeout=2):
            return False
        lock.release()
        return True

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            status = 0 if child() else 2
        finally:
            os._exit(status)
    assert os.read(read_end, 1) == b"x"
    lock.release()
    released.touch()
    _, status = os.waitpid(pid, 0)
    os.close(read_end)
    os.close(write_end)

    assert os.waitstatus_to_exitcode(status) == 0


def test_a_parent_waits_for_its_forked_childs_turn(tmp_path):
    lock = writer_lock(str(tmp_path / "site.sqlite3"))
    lock.acquire()
    lock.release()  # the parent has its lock file open before the fork
    read_end, write_end = os.pipe()
    go_on_read, go_on_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            lock.acquire()
            os.write(write_end, b"x")
            os.read(go_on_read, 1)
            lock.release()
        finally:
            os._exit(0)
    assert os.read(read_end, 1) == b"x"
    try:
        assert lock.acquire(timeout=0.05) is False
    finally:
        os.write(go_on_write, b"x")
        os.waitpid(pid, 0)
        for fd in (read_end, write_end, go_on_read, go_on_write):
            os.close(fd)

    assert lock.acquire(timeout=2)
    lock.release()
