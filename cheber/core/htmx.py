def is_htmx(request) -> bool:
    """True for a request HTMX sent (it sets this header), which wants a fragment back."""
    return request.headers.get("HX-Request") == "true"
