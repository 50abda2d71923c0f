import contextlib
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "governance.settings")
application = get_wsgi_application()


def _warm() -> None:
    """Import every view and build reverse()'s tables now, while the worker boots, not on its
    first request: the URLconf pulls in DRF, the API schema and all apps' views, and each
    namespace (the admin's, reversed in every staff page's header) gets a table of its own:
    2 s that the first visitor of each worker waited for, the command map's cold load among
    them."""
    from django.conf import settings
    from django.urls import NoReverseMatch, get_resolver, reverse
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        for namespace in get_resolver().namespace_dict:
            with contextlib.suppress(NoReverseMatch):
                reverse(f"{namespace}:-")  # a name no view has: builds the table, then fails


_warm()
