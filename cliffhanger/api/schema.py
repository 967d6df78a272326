"""What the generated OpenAPI schema says beyond what the views declare."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

API_PREFIX = "/api/v1/"


def only_the_open_data_api(endpoints, **kwargs):
    """Wagtail's admin API runs on DRF too; the published schema is ours alone."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIX)]


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "cliffhanger.api.keys.ApiKeyAuthentication"
    name = "apiKey"
    optional = True

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "Optional. An API key issued by the editors, for a higher rate "
                "limit: `Authorization: Bearer chk_…` (or the X-Api-Key header)."
            ),
        }


ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "Per query parameter, what is wrong with it.",
        },
    },
    "required": ["detail", "code"],
}
ERRORS = {
    "400": "A query parameter is not valid.",
    "401": "The API key sent is not valid or was revoked.",
    "404": "No such resource, or a cursor that is not valid.",
    "429": "Over the rate limit: see Retry-After.",
}


def errors_documented(result, generator, request, public):
    """Every operation may answer these, always as the Error shape."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = (
        ERROR_SCHEMA
    )
    reference = {"$ref": "#/components/schemas/Error"}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for status, description in ERRORS.items():
                operation["responses"].setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result
