"""Exit 0 when the PostgreSQL and Redis servers at these URLs answer (make test's second pass)."""

import sys


def main(database_url: str, redis_url: str) -> int:
    try:
        import psycopg
        import redis

        psycopg.connect(database_url, connect_timeout=3).close()
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except Exception as error:  # noqa: BLE001 (any failure means "not reachable")
        print(f"not reachable: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
