import json
from io import StringIO

from django.core.management import call_command

from cheber.api import actions
from cheber.api.models import Token
from cheber.api.tests.conftest import token_for


def test_stats_give_the_api_version_paths_and_active_tokens(place, client):
    served = client.get("/api/v1/openapi.json").json()["paths"]
    token_for(place.methodist)
    token_for(place.teacher)
    actions.revoke_token(actor=place.teacher, token=Token.objects.get(user=place.teacher))
    out = StringIO()

    call_command("stats", "--json", stdout=out)

    figures = json.loads(out.getvalue())["api"]
    assert figures == {"version": "1", "paths": len(served), "tokens": 1}
    assert len(served) > 30  # every resource's routes, not an empty schema


def test_the_prune_command_deletes_expired_keys_and_says_how_many(place):
    out = StringIO()

    call_command("prune_idempotency_keys", stdout=out)

    assert out.getvalue() == "Idempotency keys deleted: 0\n"
