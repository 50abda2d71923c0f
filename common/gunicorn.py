"""gunicorn's access log without secrets in URLs: an Open311 client's api_key (old clients send
it in the query string; the body is the documented place) and the citizen's tracking secret
(?token=) are masked, as are reporters' mobile numbers. gunicorn.conf.py selects it."""

import re

from gunicorn.glogging import Logger

from common.security import mask_phones

SECRETS = re.compile(r"(?i)\b(api_key|token)=[^&\s]*")


def mask_url(text: str) -> str:
    return mask_phones(SECRETS.sub(r"\1=****", text))


class MaskingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "q", "f"):  # request line, query string, referrer
            if isinstance(atoms.get(key), str):
                atoms[key] = mask_url(atoms[key])
        return atoms
