"""The staff header's links, derived from the user's role in this one place (a context
processor), so that no page template decides who may go where."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from events.workflow.selectors import role_of
from org.models import COMMAND_STAFF, DISPATCHING, Role


@dataclass(frozen=True)
class Link:
    url_name: str
    label: str
    roles: tuple


# The order is the header's order; each page's own view still checks the role (require_role).
LINKS = (
    Link("dispatch-queue", pgettext_lazy("staff navigation", "Dispatch queue"), DISPATCHING),
    Link("command", pgettext_lazy("staff navigation", "Command map"), COMMAND_STAFF),
    Link("hotline-desk", pgettext_lazy("staff navigation", "Hotline"), (Role.OPERATOR,)),
    Link("department-inbox", pgettext_lazy("staff navigation", "Department to-do"),
         (Role.HANDLER,)),
    Link("worker-home", pgettext_lazy("staff navigation", "Grid worker"), (Role.GRID_WORKER,)),
    Link("patrol-report", pgettext_lazy("staff navigation", "Patrol report"),
         (Role.GRID_WORKER,)),
)
ADMIN_LABEL = pgettext_lazy("staff navigation", "Administration")


def staff_links(user, current_url_name: str | None) -> list[dict]:
    """The pages the user's role works on, the current one marked; the admin for whoever
    Django's admin lets in (is_staff) and shows something to (a permission)."""
    if not user.is_authenticated:
        return []
    role = role_of(user)
    links = [{"url": reverse(link.url_name), "label": link.label,
              "current": link.url_name == current_url_name}
             for link in LINKS if role in link.roles]
    if user.is_staff and (user.is_superuser or user.get_all_permissions()):
        links.append({"url": reverse("admin:index"), "label": ADMIN_LABEL, "current": False})
    return links


def navigation(request):
    """Context processor: STAFF_LINKS for templates/base.html's header."""
    user = getattr(request, "user", None)
    if user is None:
        return {"STAFF_LINKS": []}
    match = getattr(request, "resolver_match", None)
    return {"STAFF_LINKS": staff_links(user, match.url_name if match else None)}
