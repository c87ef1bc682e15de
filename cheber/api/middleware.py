from django.http import JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from cheber.api.errors import ApiError, body
from cheber.core.refusals import refusal_of


class ApiLanguageMiddleware:
    """The API answers in the language its client asks for (Accept-Language: ky, ru, en;
    Kyrgyz by default): a program has no language switcher. The pages keep their rule (the
    switcher's choice, else Kyrgyz)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/v1/"):
            return self.get_response(request)
        language = translation.get_language_from_request(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
            if (refusal := refusal_of(response)) is not None:
                response = _in_json(response, *refusal)
        response.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Accept-Language"])  # (caches keep each language apart)
        return response


def _in_json(page, code: str, message: str) -> JsonResponse:
    """A refusal the middlewares before the API answered (see `cheber.core.refusals`), in the
    API's one error shape, with the page's status and connection."""
    status = page.status_code
    response = JsonResponse(body(ApiError(status, code, message)), status=status)
    if "Connection" in page:
        response["Connection"] = page["Connection"]
    return response
