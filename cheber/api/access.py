"""How a page fetches one API token (its owner's, or a machine token for the institute; else
404), and who may make tokens."""

from django.shortcuts import get_object_or_404

from cheber.api.models import Token
from cheber.core.access import access_for


def get_token_for_user(user, pk: int) -> Token:
    return get_object_or_404(Token.objects.visible_to(user).select_related("organization"), pk=pk)


def can_create_token(user) -> bool:
    """Anyone logged in with a role makes their own tokens (acting with their own scope)."""
    return getattr(user, "is_authenticated", False) and not access_for(user).is_empty


def can_create_machine_token(user) -> bool:
    """The national institute makes the tokens of organizations' machine accounts."""
    return access_for(user).is_institute


def can_revoke_token(user, token: Token) -> bool:
    if token.kind == Token.Kind.MACHINE:
        return access_for(user).is_institute
    return token.user_id == getattr(user, "pk", None)
