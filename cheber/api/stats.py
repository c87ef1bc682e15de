"""The API's part of `cheber stats --json`: its version, the paths of its schema, the
active tokens."""

from cheber.api.models import Token


def collect() -> dict:
    from cheber.api.api import VERSION, api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return {"api": {"version": VERSION, "paths": len(schema["paths"]),
                    "tokens": Token.objects.active().count()}}  # fmt: skip
