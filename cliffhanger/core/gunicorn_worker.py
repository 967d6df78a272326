"""
gunicorn's threaded worker, serving its requests on the thread that polls
when it has only one thread to serve them with.

With GUNICORN_THREADS=1 (the default; gunicorn_conf.py says why) gthread still
hands every request from its polling thread to a pool of one thread, and the
answer back through a pipe: two thread switches, a future and a pipe write
per request, 0.3 of the 1.0 ms a worker spends on a page-cache hit. This
worker keeps what gthread is there for, connections that are idle between
requests or have not sent their first one yet wait in the poller rather than
in the worker, and serves a connection that has a request on the polling
thread itself. With more threads it is gthread as it comes.

One thing changes with it: the heartbeat stops while a request runs, so a
request that takes longer than GUNICORN_TIMEOUT has its worker replaced, as
the sync worker's would (gthread's polling thread kept a hung request's
worker looking alive).
"""

import selectors
import time
from concurrent.futures import Future
from functools import partial

from gunicorn.workers.gthread import TConn, ThreadWorker


class PollingThreadWorker(ThreadWorker):
    serving = False

    def accept(self, listener):
        """A new connection waits in the poller until its first request arrives."""
        if self.cfg.threads > 1:
            return super().accept(listener)
        try:
            sock, address = listener.accept()
        except (BlockingIOError, InterruptedError, ConnectionAbortedError):
            return
        self.nr_conns += 1
        sock.setblocking(False)
        conn = TConn(self.cfg, sock, address, listener.getsockname())
        conn.timeout = time.monotonic() + self.cfg.keepalive
        self.pending_conns.append(conn)
        self.poller.register(
            sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn)
        )

    def enqueue_req(self, conn):
        """Serve the readable connection here, then put it back as gthread does."""
        if self.cfg.threads > 1:
            return super().enqueue_req(conn)
        if self.serving:
            # A pipelined request found while finishing the last one: served
            # from the loop, so a long pipeline cannot nest calls without end.
            self.method_queue.defer(self.enqueue_req, conn)
            return
        self.serving = True
        try:
            done = Future()
            done.set_result(self.handle(conn))  # handle() answers what a request raises
            self.finish_request(conn, done)
        finally:
            self.serving = False
