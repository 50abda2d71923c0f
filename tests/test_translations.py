"""Every page and every log text exists in English, and every message in Chinese.

The catalogues: makemessages writes locale/en (and the apps' en catalogues) from the code, and
`make messages` fills msgstr = msgid for English ids (common/messages.py); what a translator
must still write (an id holding Chinese, such as "Accept (立案)") fails here.

The pages, in English: no Chinese may be left except in data people entered or the place
itself names in Chinese. The rule: the page's visible and announced text (text, placeholder,
title, aria-label, alt; not scripts, whose JSON carries data for both languages) has all data
of the database removed (case descriptions, addresses, replies, notes people wrote,
department, region, matter, component, staff and standard-address names, a matter's legal
basis); what remains must hold no Han
character, CJK punctuation or full-width form. An element marked lang="zh-Hans" (the switch
to 中文) is Chinese on purpose.
"""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import override

from common.messages import (
    CJK,
    catalogues,
    english_beside,
    entries,
    fill_english,
    missing,
    problems,
)
from events.models import Case, CaseStep
from events.workflow import services as workflow
from grids.models import Region
from org.models import ComponentKind, Department, Matter
from places.models import Address
from taxonomy.models import Subcategory
from tests.helpers import close, staff


def test_every_message_has_its_english_text_in_the_english_catalogues():
    chinese = catalogues("zh_Hans")
    assert chinese and all(english_beside(path).exists() for path in chinese)
    for path in catalogues("en"):
        assert problems(path, english=True) == [], path


def test_every_message_has_its_chinese_text_in_the_chinese_catalogues():
    for path in catalogues("zh_Hans"):
        assert problems(path, english=False) == [], path
        assert missing(path, english_beside(path)) == [], path


def test_every_subcategory_describes_itself_in_english_to_an_english_reader(demo):
    subcategories = Subcategory.objects.all()
    assert subcategories.count() == 133
    assert not [sub.code for sub in subcategories
                if not sub.description_en or CJK.search(sub.description_en)]
    with override("en"):
        assert demo.manhole.localized_description.startswith("A manhole cover")
    with override("zh-hans"):
        assert demo.manhole.localized_description == demo.manhole.description


def test_notes_the_system_writes_are_logged_in_chinese_with_the_english_beside(file_case):
    case = file_case()
    workflow.perform(case=case, action="accept", actor=staff("dispatcher"))
    report, dispatch = (CaseStep.objects.get(case=case, action=action)
                        for action in ("report", "dispatch"))
    assert CJK.search(dispatch.note) and dispatch.data["note_en"].startswith(
        f"Dispatched automatically to {case.department.name}, the lead of duty-list matter")
    assert CJK.search(report.note) and report.data["note_en"]
    assert not CJK.search(_without_data(report.data["note_en"]))


class _VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes and the attributes read out, outside
    scripts, styles and elements marked as Chinese."""

    SPOKEN = ("placeholder", "title", "aria-label", "alt", "value")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.parts, self.skipping = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.VOID:
            if not self.skipping and attrs.get("type") not in ("hidden",):
                self.parts += [attrs[name] or "" for name in self.SPOKEN if name in attrs
                               and not (tag == "input" and name == "value")]
            return
        # A part marked Chinese inside the page (the page's own lang is what is under test)
        chinese = tag != "html" and (attrs.get("lang") or "").lower().startswith("zh")
        if self.skipping or tag in ("script", "style", "template") or chinese:
            self.skipping.append(tag)
            return
        self.parts += [attrs[name] or "" for name in self.SPOKEN if name in attrs
                       and name != "value"]

    def handle_endtag(self, tag):
        if self.skipping and tag == self.skipping[-1]:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def _data_strings() -> list[str]:
    """Everything in the database that people or the place wrote in Chinese, longest first."""
    people = get_user_model().objects.all()
    values = [
        *Case.objects.values_list("description", flat=True),
        *Case.objects.values_list("address", flat=True),
        *Case.objects.values_list("public_reply", flat=True),
        *CaseStep.objects.exclude(data__has_key="note_en").values_list("note", flat=True),
        *Department.objects.values_list("name", flat=True),
        *Region.objects.values_list("name", flat=True),
        *Matter.objects.values_list("name", flat=True),
        *Matter.objects.values_list("legal_basis", flat=True),
        *ComponentKind.objects.values_list("name", flat=True),
        *(user.get_full_name() for user in people), *(user.username for user in people),
    ]
    return sorted({value for value in values if value}, key=len, reverse=True)


def _without_data(text: str) -> str:
    # Standard addresses are too many to list: those the page names by their code.
    shown = Address.objects.filter(code__in=re.findall(r"\d{10,}", text))
    for value in sorted({*_data_strings(), *(a.text for a in shown)}, key=len, reverse=True):
        text = text.replace(value, " ")
    return text


def _chinese_left(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    text = _without_data(" ".join(parser.parts))
    return [text[max(0, m.start() - 30):m.end() + 30].strip() for m in CJK.finditer(text)]


def _english(client, url: str) -> str:
    """The page as the language switch shows it in English (pages ignore Accept-Language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    answer = client.get(url)
    assert answer.status_code == 200, url
    return answer.content.decode()


@pytest.mark.django_db
def test_the_main_pages_in_english_hold_no_chinese_but_data(client, file_case, cast):
    closed = close(file_case(description="井盖不见了，很危险"))
    open_case = file_case(address="祖庙路 3 号")
    tracking = f"/track/{closed.tracking_number}/?token={closed.tracking_secret}"
    assert _chinese_left(_english(client, "/report/")) == []
    assert _chinese_left(_english(client, tracking)) == []
    for user, url in [(cast.dispatcher, "/dispatch/"),
                      (cast.dispatcher, f"/cases/{closed.tracking_number}/"),
                      (cast.dispatcher, f"/cases/{open_case.tracking_number}/"),
                      (cast.leader, "/command/"),
                      (cast.user("operator"), "/hotline/")]:
        client.force_login(user)
        assert _chinese_left(_english(client, url)) == [], url


def test_filling_the_english_catalogue_copies_english_ids_and_leaves_chinese_to_a_translator(
        tmp_path):
    po = tmp_path / "django.po"
    po.write_text('#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: \\n"\n'
                  '#: a.py:1\nmsgid "Sign out"\nmsgstr ""\n\n'
                  '#: a.py:2\n#, fuzzy, python-format\n#| msgid "%(n)d old"\n'
                  'msgid "%(n)d case"\nmsgid_plural "%(n)d cases"\nmsgstr[0] "%(n)d old"\n'
                  'msgstr[1] ""\n\n'
                  '#: a.py:3\nmsgid "Accept (立案)"\nmsgstr ""\n\n'
                  '# Kept in Chinese: 是, 否\n#: a.py:4\nmsgid "Write 是 or 否."\n'
                  'msgstr "Write 是 (yes) or 否 (no)."\n', encoding="utf-8")
    assert fill_english(po) == 3  # the header, "Sign out" and the plural
    by_id = {entry.msgid: entry for entry in entries(po)}
    assert by_id["Sign out"].msgstrs == ["Sign out"]
    assert by_id["%(n)d case"].msgstrs == ["%(n)d case", "%(n)d cases"]
    assert not by_id["%(n)d case"].fuzzy and "python-format" in by_id["%(n)d case"].flags
    assert problems(po, english=True) == ["untranslated: 'Accept (立案)'"]
    assert '"Language: en\\n"' in po.read_text(encoding="utf-8")
    assert fill_english(po) == 0
