"""The one atomic file write: readers see the old file or the new one, never part of one."""

import os
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


def write_path_atomically(path, data):
    """Write ``data`` to the local ``path``: temporary file in the same folder, fsync, rename, fsync the folder.

    A process killed midway leaves at most a ``.tmp-*`` file next to the
    target (never served: renditions and PDFs are reached by their own names).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return path


def write_atomically(name, data, storage=None):
    """Write ``data`` to ``name`` in ``storage`` (default: the media storage), replacing what was there.

    Local storages get ``write_path_atomically``; storages without local paths
    (S3) write whole objects anyway.
    """
    storage = storage or default_storage
    try:
        path = storage.path(name)
    except NotImplementedError:
        if storage.exists(name):
            storage.delete(name)
        storage.save(name, ContentFile(data))
        return
    write_path_atomically(path, data)
