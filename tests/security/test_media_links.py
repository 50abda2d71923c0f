"""Links to uploaded photos expire, and only the photos staff published stay open to all."""

import html
import re
import time

import pytest
from django.conf import settings

from common.media import signed_query
from common.photos import thumbnail_name, thumbnail_url
from taxonomy.models import Subcategory
from tests.helpers import jpeg

pytestmark = pytest.mark.django_db


def _path(url: str) -> str:
    return html.unescape(url).split("?")[0]


def test_a_staff_page_links_to_a_reporters_photo_with_a_signature_that_opens_it(
        client, cast, file_case):
    case = file_case(photos=[jpeg("scene.jpg")])
    client.force_login(cast.dispatcher)
    page = client.get(f"/cases/{case.tracking_number}/").content.decode()
    url = html.unescape(re.search(r'<img src="(/media/cases/[^"]+)"', page).group(1))
    assert re.search(r"\?e=\d+&s=[0-9a-f]{32}$", url)
    client.logout()
    assert client.get(url).status_code == 200  # the link itself is the permission


def test_the_same_photo_without_the_signature_or_with_a_wrong_one_is_not_found(
        client, file_case):
    photo = file_case(photos=[jpeg("scene.jpg")]).photos.get()
    path = "/media/" + photo.image.name
    assert client.get(path).status_code == 404
    other = signed_query(photo.image.name + "x")
    assert client.get(f"{path}?{other}").status_code == 404
    assert client.get(f"{path}?e=99999999999&s=" + "0" * 32).status_code == 404


def test_a_link_stops_working_once_it_has_expired(client, file_case):
    photo = file_case(photos=[jpeg("scene.jpg")]).photos.get()
    period = settings.MEDIA_URL_SECONDS
    stale = signed_query(photo.image.name, now=time.time() - 2 * period - 1)
    fresh = signed_query(photo.image.name, now=time.time() - period + 60)
    assert client.get(f"/media/{photo.image.name}?{stale}").status_code == 404
    assert client.get(f"/media/{photo.image.name}?{fresh}").status_code == 200


def test_links_made_in_the_same_period_are_the_same_so_browsers_can_cache_them(file_case):
    photo = file_case(photos=[jpeg("scene.jpg")]).photos.get()
    start = (int(time.time()) // settings.MEDIA_URL_SECONDS) * settings.MEDIA_URL_SECONDS
    assert signed_query(photo.image.name, now=start) == signed_query(
        photo.image.name, now=start + settings.MEDIA_URL_SECONDS - 1)


def test_a_published_result_photo_of_a_public_case_opens_without_a_signature(
        client, file_case):
    photo = file_case(photos=[jpeg("result.jpg", size=(640, 480))]).photos.get()
    thumbnail_url(photo)  # makes the thumbnail
    for name in (photo.image.name, thumbnail_name(photo.image.name)):
        assert client.get("/media/" + name).status_code == 404, name
    type(photo).objects.filter(pk=photo.pk).update(is_public=True)
    for name in (photo.image.name, thumbnail_name(photo.image.name)):
        assert client.get("/media/" + name).status_code == 200, name


def test_a_published_photo_of_a_non_public_case_still_needs_its_signature(
        client, file_case):
    hidden = Subcategory.objects.filter(is_public=False).order_by("code").first()
    photo = file_case(subcategory=hidden, photos=[jpeg("result.jpg")]).photos.get()
    type(photo).objects.filter(pk=photo.pk).update(is_public=True)
    assert client.get("/media/" + photo.image.name).status_code == 404
    assert client.get(_path(photo.image.url) + "?" + signed_query(
        photo.image.name)).status_code == 200
