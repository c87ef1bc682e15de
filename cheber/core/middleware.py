from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
