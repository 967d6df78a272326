"""URL converters shared by every app."""


class DatabaseIdConverter:
    """
    A positive id that fits the database's 64-bit integer: anything longer is
    a 404 from the URL resolver, not an overflow error deep in a query.
    """

    regex = "[1-9][0-9]{0,17}"  # at most 18 digits: always below 2**63

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)
