"""
Anyone's page may read the API from JavaScript: GET only, no cookies sent or
read (`Access-Control-Allow-Origin: *` never carries credentials), and the key
header allowed so a keyed caller's preflight succeeds.
"""

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, X-Api-Key, If-None-Match",
    "Access-Control-Expose-Headers": "ETag, Retry-After, Link",
    "Access-Control-Max-Age": "86400",
}


def cors_allowed(response):
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response
