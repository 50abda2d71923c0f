"""The worker's patrol, for the include on /worker/ (templates/staff/_worker_patrol.html), so
that the worker's page needs no change of its view."""

from django import template

from events.patrols.selectors import open_patrol

register = template.Library()


@register.simple_tag(takes_context=True)
def current_patrol(context):
    return open_patrol(context["request"].user)
