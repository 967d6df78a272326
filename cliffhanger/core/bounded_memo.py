"""
A process's remembered answers, by key, bounded by emptying: when it holds
its limit, the next new key starts it over. For answers that are cheap to work
out again and come back request after request (a page's address, a rewritten
SQL statement, the tags a path read), where an LRU's bookkeeping would cost
more on every hit than the rare refill after emptying.
"""


class BoundedMemo(dict):
    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def put(self, key, value):
        """Keep `value` under `key` (emptying first if full); returns it."""
        if len(self) >= self.limit and key not in self:
            self.clear()
        self[key] = value
        return value
