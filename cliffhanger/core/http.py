"""Small request helpers shared by the apps' views."""


def wants_json(request) -> bool:
    """The in-place scripts ask for JSON; a plain form post gets HTML."""
    return "application/json" in request.headers.get("Accept", "")
