"""What a person is told when someone else changes their account or their e-mail address: a
new account, an address changed (told at the old address too), a password set for them, a
role given, an invitation for an address that has an account already.

A notice names who made the change, so that a person whose account someone else took over
learns of it (and from whom). Sent once the transaction has committed, in Kyrgyz with
Russian beneath (the person's language is not known), like the course notifications.
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cheber.core.actors import is_system

NEW_ACCOUNT = _(
    "%(by)s made you an account in Cheber, the qualification-improvement system: username "
    "%(username)s, e-mail address %(email)s, role: %(role)s. Set your password at %(url)s "
    "with this e-mail address. If you did not expect this account, tell your district's "
    "methodical cabinet."
)
NEW_ACCOUNT_ELSEWHERE = _(
    "%(by)s made an account in Cheber for you (%(name)s): username %(username)s, with the "
    "e-mail address %(email)s, role: %(role)s. You are told at the address the registry holds "
    "for you. If that address is not yours, or you did not expect this account, tell your "
    "district's methodical cabinet: whoever holds the account sees your record."
)
ADDRESS_HAS_ACCOUNT = _(
    "%(by)s tried to make a new Cheber account with this e-mail address, which has an account "
    "already (username %(username)s). Nothing was changed and no account was made. If you need "
    "another role, ask %(by)s to give it to your account."
)
EMAIL_CHANGED_OLD = _(
    "%(by)s changed the e-mail address of %(whose)s in Cheber: their mail no longer comes to "
    "this address. If you did not expect this, tell your district's methodical cabinet."
)
EMAIL_CHANGED_NEW = _(
    "%(by)s made this the e-mail address of %(whose)s in Cheber. If you did not expect this, "
    "tell your district's methodical cabinet."
)
PASSWORD_SET = _(
    "%(by)s set a new password for your Cheber account %(username)s. If you did not ask for "
    "this, set your own at %(url)s and tell your district's methodical cabinet."
)
ROLE_GRANTED = _(
    "%(by)s gave your Cheber account %(username)s the role %(role)s (%(scope)s). If you did "
    "not expect this, tell your district's methodical cabinet."
)
SUBJECT = _("Your Cheber account")


def name_of(actor: Any) -> Any:
    """Who made a change, as a notice names them."""
    if is_system(actor):
        return _("The system administrator")
    full_name = getattr(actor, "get_full_name", lambda: "")()
    username = getattr(actor, "username", "")
    return f"{full_name} ({username})" if full_name else username


def password_page() -> str:
    try:
        path = reverse("account_reset_password")
    except NoReverseMatch:
        path = reverse("accounts:login")
    return settings.PUBLIC_URL + path


def tell_new_account(user, *, by: Any, role: Any, also_to: str = "", name: str = "") -> None:
    """The new account's owner, at its address; for a teacher's account, also the educator
    (`name`) at the address the registry holds for them (`also_to`), when it is another."""
    params = {"by": name_of(by), "username": user.username, "email": user.email, "role": role,
              "url": password_page(), "name": name}  # fmt: skip
    _mail([user.email], NEW_ACCOUNT, params)
    if also_to and also_to.casefold() != user.email.casefold():
        _mail([also_to], NEW_ACCOUNT_ELSEWHERE, params)


def tell_address_has_account(user, *, by: Any) -> None:
    _mail([user.email], ADDRESS_HAS_ACCOUNT, {"by": name_of(by), "username": user.username})


def tell_email_changed(*, whose: str, old: str, new: str, by: Any) -> None:
    """At both addresses, neither named to the other: the old one's owner learns that mail
    goes elsewhere now, the new one's that it comes to them."""
    if old.casefold() == new.casefold():
        return
    params = {"by": name_of(by), "whose": whose}
    _mail([old], EMAIL_CHANGED_OLD, params)
    _mail([new], EMAIL_CHANGED_NEW, params)


def tell_password_set(user, *, by: Any) -> None:
    params = {"by": name_of(by), "username": user.username, "url": password_page()}
    _mail([user.email], PASSWORD_SET, params)


def tell_role_granted(user, *, by: Any, role: Any, scope: Any) -> None:
    params = {"by": name_of(by), "username": user.username, "role": role, "scope": scope}
    _mail([user.email], ROLE_GRANTED, params)


def _mail(addresses: Iterable[str], text, params: dict) -> None:
    """After the commit: nothing is told of a change that did not happen."""
    recipients = sorted({a for a in addresses if a})
    if not recipients:
        return
    bodies = []
    for language in ("ky", "ru"):
        with translation.override(language):
            bodies.append(str(text) % {k: str(v) for k, v in params.items()})
    with translation.override("ky"):
        subject = "Cheber: " + str(SUBJECT)
    body = "\n\n".join(bodies)
    for address in recipients:  # one mail each: no one learns the other address from it
        transaction.on_commit(lambda a=address: send_mail(subject, body, None, [a]))
