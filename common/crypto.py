"""Encryption of personal data at rest: reporters' phone numbers.

Handlers must call reporters back, so the number is kept recoverable (encrypted, not hashed;
the rate limiter, which only compares, keys on a salted hash instead). Fernet (AES-128-CBC with
HMAC-SHA256, from `cryptography`) under FIELD_ENCRYPTION_KEY: a comma-separated list whose
first key encrypts and all of which decrypt, so keys can be rotated (add the new one in front,
re-save, drop the old one). A database dump alone then holds no phone number.
"""

import functools
import logging

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.db import models

log = logging.getLogger(__name__)


def new_key() -> str:
    return Fernet.generate_key().decode()


@functools.lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


class Undecryptable(str):
    """A stored value no configured key opens (a lost or wrong key). It is shown as it is and
    saved back unchanged, never encrypted a second time, so nothing is lost once the right key
    is configured again; check_integrity counts such values."""


class EncryptedCharField(models.TextField):
    """A short text kept encrypted in the database (max_length applies to the plain text, in
    forms); the empty string stays empty, so `field=""` still finds rows without a value.
    Encrypted values cannot be searched."""

    def formfield(self, **kwargs):
        return super().formfield(**{"widget": forms.TextInput, **kwargs})

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        try:
            return fernet().decrypt(value.encode()).decode()
        except InvalidToken:
            log.error("an encrypted %s could not be decrypted: is FIELD_ENCRYPTION_KEY right?",
                      self.name)
            return Undecryptable(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value or isinstance(value, Undecryptable):
            return value
        return fernet().encrypt(value.encode()).decode()
