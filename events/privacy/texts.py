"""Texts that events.privacy.services writes into the case log. Kept in this app so that their
Chinese lives in this app's catalogue (events/privacy/locale), which makemessages fills from
here."""

from django.utils.translation import gettext_lazy as _

ANONYMISE_NOTE = _("Retention period over: the reporter's phone, account link and address "
                   "were removed.")
ANONYMISED_BODY = _("Retention period over: this notification's text, with the reporter's "
                    "address and description, was removed.")
