"""The build time MkDocs stamps on feeds and the sitemap, pinned so that a build is reproducible."""
from __future__ import annotations

import os


def source_date_epoch(newest: str) -> int:
    """A fixed build time for reproducible output: noon UTC of the newest article's date."""
    import calendar
    import time

    return calendar.timegm(time.strptime((newest or "1970-01-01") + " 12", "%Y-%m-%d %H"))


PINNED_BY_US = "PARK_DIGEST_SOURCE_DATE_EPOCH"   # the value of SOURCE_DATE_EPOCH this generator set


def pin_build_time(newest: str) -> None:
    """Set SOURCE_DATE_EPOCH (the build time in feeds and the sitemap) to the newest article's date.

    A value the user set is left alone. One set here is set again on the next build
    of the same process (mkdocs serve), where the newest article may have changed:
    the value set is remembered beside it, so it can be told from the user's.
    """
    current = os.environ.get("SOURCE_DATE_EPOCH")
    if current is not None and current != os.environ.get(PINNED_BY_US):
        return
    os.environ["SOURCE_DATE_EPOCH"] = os.environ[PINNED_BY_US] = str(source_date_epoch(newest))
