"""Texts kept as their message id and parameters, so that one written into the case log in
the platform's language can be written in English beside it.

A log step's note is stored once, in Chinese (the record the centre works from); its English
variant goes into the step's data as ``note_en``, rendered from the same Phrase at the same
moment, so an English reader never meets a Chinese sentence the system wrote itself.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext, override

ENGLISH = "en"


@dataclass(frozen=True)
class Phrase:
    """A message id (marked with gettext_noop where it is written) and its parameters, which
    are turned into text in the language active when the phrase is: a subcategory then shows
    its English name in English."""

    msgid: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        text = gettext(self.msgid)
        # Numbers stay numbers for their %(x).0f; everything else (a subcategory, a lazy
        # label) becomes text now, in the active language.
        return text % {key: value if isinstance(value, int | float) else str(value)
                       for key, value in self.params.items()} if self.params else text

    def __contains__(self, text: str) -> bool:  # like the string it stands for
        return text in str(self)

    def __add__(self, other) -> "Phrases":
        return Phrases((self,)) + other

    def __radd__(self, other) -> "Phrases":
        return Phrases((other, self))


@dataclass(frozen=True)
class Phrases:
    """Phrases (and plain strings, kept as they are) one after the other."""

    parts: tuple

    def __str__(self) -> str:
        return "".join(str(part) for part in self.parts)

    def __contains__(self, text: str) -> bool:
        return text in str(self)

    def __add__(self, other) -> "Phrases":
        more = other.parts if isinstance(other, Phrases) else (other,)
        return Phrases(self.parts + more)

    def __radd__(self, other) -> "Phrases":
        return Phrases((other, *self.parts))


def log_texts(text, language: str) -> tuple[str, dict]:
    """(the note in the log's language, {"note_en": the English}) for a Phrase or a lazy
    translation; (the text, {}) for a plain string, such as words a person typed, which stay
    as written."""
    if isinstance(text, Phrase | Phrases):  # immutable: rendered once per language
        texts = text.__dict__.setdefault("_log_texts", {})
        if language not in texts:
            texts[language] = _rendered(text, language)
        return texts[language][0], dict(texts[language][1])
    if isinstance(text, Promise):
        return _rendered(text, language)
    return str(text), {}


def _rendered(text, language: str) -> tuple[str, dict]:
    with override(language):
        note = str(text)
    with override(ENGLISH):
        return note, {"note_en": str(text)}
