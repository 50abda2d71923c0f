"""Uploaded files on the local disk, linked to by expiring URLs (common/media.py)."""

import contextlib
import os

from django.core.files.storage import FileSystemStorage

from common.media import signed_query


class TidyFileSystemStorage(FileSystemStorage):
    """FileSystemStorage that removes what it wrote of a file it could not finish (disk
    full, I/O error): Django's leaves the truncated file behind, and a refused report would
    leave half a photo on a disk that is already short of space."""

    def _save(self, name, content):
        path = self.path(name)
        existed = os.path.lexists(path)
        try:
            return super()._save(name, content)
        except OSError:
            if not existed:  # never remove a file this call did not create
                with contextlib.suppress(OSError):
                    os.remove(path)
            raise

    def url(self, name):
        return f"{super().url(name)}?{signed_query(name)}"
