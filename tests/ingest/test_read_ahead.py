"""Pages read ahead in a thread: in order, errors where their page is asked for, nothing left changed."""

import sys
import threading

import pytest

from ingest.read_ahead import read_ahead
from ingest.sources.common import FeedError


def _pages(count, *, fail_at=None, threads=None):
    for n in range(count):
        if threads is not None:
            threads.add(threading.current_thread().name)
        if n == fail_at:
            raise FeedError(f"page {n} is not well-formed XML")
        yield n


def test_every_page_comes_in_order_from_another_thread():
    threads = set()
    assert list(read_ahead(_pages(5, threads=threads))) == [0, 1, 2, 3, 4]
    assert threading.current_thread().name not in threads


def test_a_failed_page_raises_when_it_is_asked_for_after_the_good_ones():
    got = []
    with pytest.raises(FeedError, match="page 2"):
        for page in read_ahead(_pages(5, fail_at=2)):
            got.append(page)
    assert got == [0, 1]


@pytest.mark.parametrize("fail_at", [None, 1])
def test_the_interpreter_switch_interval_is_put_back(fail_at):
    before = sys.getswitchinterval()
    try:
        for _ in read_ahead(_pages(3, fail_at=fail_at)):
            assert sys.getswitchinterval() <= 0.001
    except FeedError:
        pass
    assert sys.getswitchinterval() == before
