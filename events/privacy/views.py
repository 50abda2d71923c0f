import math

from axes.helpers import get_cool_off
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in (AXES_LOCKOUT_CALLABLE): a page in the
    site's language that says how long to wait, with 429 Too Many Requests."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    return render(request, "audit/locked_out.html", {"minutes": minutes}, status=429)
