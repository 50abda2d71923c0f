class ChineseFirstMiddleware:
    """Pages speak Chinese unless the user picked English with the language switch (a cookie);
    a browser's Accept-Language alone does not turn a Chinese civic site English. API clients
    keep standard Accept-Language negotiation. Sits just before LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
