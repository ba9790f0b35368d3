"""arXiv's dates read the same as the email module reads them, fast path or not."""

from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.sources.common import parse_rfc2822


def _email_module(text):
    try:
        return parsedate_to_datetime(text.strip()).astimezone(UTC)
    except (TypeError, ValueError, IndexError):
        return None


@pytest.mark.parametrize(
    "text",
    [
        "Sun, 30 Mar 2008 23:26:50 GMT",  # arXivRaw <date>
        "Fri, 6 Sep 2013 03:16:08 GMT",
        "6 Sep 2013 03:16:08 GMT",
        " Sun, 30 Mar 2008 23:26:50 GMT\n",
        "Mon, 27 Apr 2026 00:00:00 -0400",  # RSS pubDate: another zone
        "Mon, 31 Feb 2026 00:00:00 GMT",  # no such day
        "Sun, 30 Foo 2008 23:26:50 GMT",
        "garbage",
        "",
    ],
)
def test_a_date_reads_as_the_email_module_reads_it(text):
    assert parse_rfc2822(text) == _email_module(text)


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)))
def test_every_gmt_date_arxiv_could_write_reads_back(moment):
    moment = moment.replace(microsecond=0, tzinfo=UTC)
    assert parse_rfc2822(format_datetime(moment, usegmt=True)) == moment
