"""Upvotes: one per person, exact counts under concurrency, HTMX swap, anonymous to sign in, limits."""

import threading

import pytest
from django.core.cache import cache
from django.db import connections

from papers import votes
from papers.models import Paper, Upvote
from tests.feedgen import api_feed, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper(ingest):
    ingest(api_feed([make_record(1)]))
    cache.clear()
    return Paper.objects.get()


def test_vote_and_unvote_through_htmx(client, paper, make_user):
    client.force_login(make_user())
    html = client.post(f"/papers/{paper.arxiv_id}/upvote/", HTTP_HX_REQUEST="true").content.decode()
    assert 'class="vote on"' in html and '<span class="vote-count">1</span>' in html
    html = client.post(
        f"/papers/{paper.arxiv_id}/upvote/", {"action": "remove"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'class="vote"' in html and '<span class="vote-count">0</span>' in html


def test_plain_post_goes_back_to_the_page_it_came_from(client, paper, make_user):
    client.force_login(make_user())
    response = client.post(f"/papers/{paper.arxiv_id}/upvote/", {"next": "/papers/daily/"})
    assert response["Location"] == "/papers/daily/"
    evil = client.post(f"/papers/{paper.arxiv_id}/upvote/", {"next": "https://evil.example/"})
    assert evil["Location"] == paper.get_absolute_url()


def test_anonymous_voters_are_sent_to_sign_in(client, paper):
    response = client.post(f"/papers/{paper.arxiv_id}/upvote/", {"next": "/papers/daily/"})
    assert response["Location"] == "/accounts/login/?next=/papers/daily/"
    assert not Upvote.objects.exists()


def test_one_vote_per_person(paper, make_user):
    user = make_user()
    assert votes.upvote(user, paper) and not votes.upvote(user, paper)
    assert Paper.objects.get(pk=paper.pk).upvotes_count == 1


def test_voting_is_rate_limited(paper, make_user, monkeypatch):
    monkeypatch.setattr(votes, "VOTES_PER_HOUR", 3)
    user = make_user()
    votes.upvote(user, paper)
    votes.remove_upvote(user, paper)
    votes.upvote(user, paper)
    with pytest.raises(votes.TooManyVotes):
        votes.remove_upvote(user, paper)
    assert Paper.objects.get(pk=paper.pk).upvotes_count == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_votes_are_counted_exactly(paper, make_user):
    people = [make_user() for _ in range(12)]
    barrier = threading.Barrier(len(people) * 2)

    def vote(user):
        try:
            barrier.wait()
            votes.upvote(user, paper)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=(u,)) for u in people for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Paper.objects.get(pk=paper.pk).upvotes_count == Upvote.objects.count() == 12
