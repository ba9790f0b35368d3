"""Follow and unfollow: with and without HTMX, anonymous to sign-in and back, exact under concurrency."""

import threading

import pytest
from django.db import connections

from profiles.follows import follow, unfollow
from profiles.models import Author, Follow
from tests.people.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_follow_with_a_plain_post_redirects_back_with_the_new_count(client, researchers, make_user):
    ada, _ = researchers
    response = signed_in(client, make_user()).post(f"/researchers/{ada.slug}/follow/")
    assert response.status_code == 302 and response["Location"] == ada.get_absolute_url()
    page = client.get(ada.get_absolute_url()).content.decode()
    assert 'Following <span class="count">1</span>' in page
    assert Author.objects.get(pk=ada.pk).followers_count == 1


def test_follow_and_unfollow_through_htmx_swap_the_button(client, researchers, make_user):
    ada, _ = researchers
    signed_in(client, make_user())
    html = client.post(f"/researchers/{ada.slug}/follow/", HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<form id="follow-button"') and "Following" in html
    assert 'value="unfollow"' in html and '<span class="count">1</span>' in html

    html = client.post(
        f"/researchers/{ada.slug}/follow/", {"action": "unfollow"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Follow researcher" in html and '<span class="count">0</span>' in html
    assert not Follow.objects.exists()


def test_following_twice_counts_once(researchers, make_user):
    ada, _ = researchers
    user = make_user()
    assert follow(user, ada) is True and follow(user, ada) is False
    assert unfollow(user, ada) is True and unfollow(user, ada) is False
    assert Author.objects.get(pk=ada.pk).followers_count == 0


def test_anonymous_is_sent_to_sign_in_and_back(client, researchers):
    ada, _ = researchers
    response = client.post(f"/researchers/{ada.slug}/follow/")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={ada.get_absolute_url()}"
    htmx = client.post(f"/researchers/{ada.slug}/follow/", HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"].startswith("/accounts/login/?next=")


def test_follow_is_post_only(client, researchers, make_user):
    ada, _ = researchers
    assert signed_in(client, make_user()).get(f"/researchers/{ada.slug}/follow/").status_code == 405


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_follows_and_unfollows_keep_the_count_exact(researchers, make_user):
    """Ten people follow at once, from their own connections; then five unfollow at once."""
    ada, _ = researchers
    people = [make_user() for _ in range(10)]
    barrier = threading.Barrier(len(people))

    def act(user, action):
        try:
            barrier.wait()
            action(user, ada)
        finally:
            connections.close_all()

    def run_all(action, users):
        threads = [threading.Thread(target=act, args=(u, action)) for u in users]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    run_all(follow, people)
    assert Author.objects.get(pk=ada.pk).followers_count == Follow.objects.count() == 10
    barrier = threading.Barrier(5)
    run_all(unfollow, people[:5])
    assert Author.objects.get(pk=ada.pk).followers_count == Follow.objects.count() == 5


def test_researcher_cards_follow_in_place(client, researchers, make_user):
    ada, _ = researchers
    signed_in(client, make_user())
    listing = client.get("/researchers/").content.decode()
    assert listing.count('class="follow-card"') == 2
    card = client.post(
        f"/researchers/{ada.slug}/follow/", {"variant": "card"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert card.startswith('<form class="follow-card"') and "Following · 1" in card
    assert "Following · 1" in client.get("/researchers/").content.decode()
