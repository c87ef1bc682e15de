from django.conf import settings
from django.http import HttpResponseBadRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from cheber.core.refusals import refused


class KyrgyzFirstLocaleMiddleware(LocaleMiddleware):
    """Kyrgyz unless the person chose another language with the switcher.

    The browser's Accept-Language is ignored on purpose: many phones in Kyrgyzstan are set to
    Russian or English, and the state language comes first until someone asks otherwise.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class NoNulInQueryMiddleware:
    """400 for an address whose query holds a NUL character. No field takes one (a form says
    so beside the field, for what is posted), and PostgreSQL refuses it in any text it is asked
    to compare, so a search box read by hand would end in a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or "\x00" in "".join(values) for key, values in request.GET.lists()):
            message = _("The address holds a character no field takes.")
            return refused(HttpResponseBadRequest(message), "bad_request", message)
        return self.get_response(request)


class NoStoreForAuthenticatedMiddleware:
    """`Cache-Control: no-store` on every response to a logged-in user: such pages carry
    personal data that no browser or proxy cache should keep. Responses that declare
    themselves public (the certificates' public keys) keep their own caching, and so do all
    responses to anonymous visitors (the landing page, verification, the iCal feed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not _declares_public(response):
            patch_cache_control(response, no_store=True)
        return response


def _declares_public(response) -> bool:
    return "public" in {
        part.strip().split("=")[0].lower() for part in response.get("Cache-Control", "").split(",")
    }
