"""Daily papers: listing days, weekend-skipping navigation, announce types, week/month, trending."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from ingest.records import AuthorRecord
from papers.announce import listing_day
from papers.models import Paper
from papers.trending import trending_or_latest, trending_papers
from tests.feedgen import api_feed, make_record, rss_feed

pytestmark = pytest.mark.django_db
FRIDAY, MONDAY = date(2026, 11, 20), date(2026, 11, 23)


def _titles(html):
    return re.findall(r'<h3 class="paper-title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def listings(ingest):
    """Friday: two new papers and a cross-list; Monday: a new one and a replacement."""

    def rec(n, day, kind, title):
        return make_record(n, title=title, announced_on=day, announce_type=kind,
                           authors=[AuthorRecord(f"Writer {n}")])  # fmt: skip

    ingest(rss_feed([rec(1, FRIDAY, "new", "Friday New A"), rec(2, FRIDAY, "new", "Friday New B"),
                     rec(3, FRIDAY, "cross", "Friday Cross")]))  # fmt: skip
    ingest(
        rss_feed(
            [rec(4, MONDAY, "new", "Monday New"), rec(5, MONDAY, "replace", "Monday Replaced")]
        )
    )


def test_daily_defaults_to_the_latest_day_and_ranks_by_upvotes(client, listings):
    Paper.objects.filter(title="Monday Replaced").update(upvotes_count=5)
    html = client.get("/papers/daily/").content.decode()
    assert "Monday, November 23, 2026" in html
    assert _titles(html) == ["Monday Replaced", "Monday New"]
    assert "Replacement</span>" in html


def test_previous_and_next_skip_the_weekend(client, listings):
    monday = client.get("/papers/daily/2026-11-23/").content.decode()
    assert 'rel="prev" href="/papers/daily/2026-11-20/' in monday and 'rel="next"' not in monday
    friday = client.get("/papers/daily/2026-11-20/").content.decode()
    assert 'rel="next" href="/papers/daily/2026-11-23/' in friday
    saturday = client.get("/papers/daily/2026-11-21/").content.decode()
    assert _titles(saturday) == [] and "No papers match" in saturday


def test_new_only_hides_cross_lists_and_replacements(client, listings):
    html = client.get("/papers/daily/2026-11-20/", {"new_only": "on"}).content.decode()
    assert sorted(_titles(html)) == ["Friday New A", "Friday New B"]
    assert "Friday Cross" in client.get("/papers/daily/2026-11-20/").content.decode()


def test_category_filter_includes_cross_lists(client, listings):
    Paper.objects.filter(title="Friday Cross").update(categories=["math.ST", "stat.ML"])
    Paper.objects.exclude(title="Friday Cross").update(categories=["cs.CV"])
    html = client.get("/papers/daily/2026-11-20/", {"category": "stat.ML"}).content.decode()
    assert _titles(html) == ["Friday Cross"]


def test_only_researchers_i_follow(client, listings, make_user):
    from profiles.follows import follow
    from profiles.models import Author

    user = make_user()
    follow(user, Author.objects.get(display_name="Writer 2"))
    client.force_login(user)
    html = client.get("/papers/daily/2026-11-20/", {"following": "on"}).content.decode()
    assert _titles(html) == ["Friday New B"]


def test_week_and_month_rank_by_upvotes(client, listings):
    Paper.objects.filter(title="Friday Cross").update(upvotes_count=9)
    Paper.objects.filter(title="Monday New").update(upvotes_count=3)
    week = _titles(client.get("/papers/week/2026-11-18/").content.decode())
    assert week[0] == "Friday Cross" and "Monday New" not in week  # Monday is the next week
    html = client.get("/papers/month/2026-11/").content.decode()
    month = _titles(html)
    assert month[:2] == ["Friday Cross", "Monday New"] and len(month) == 5
    # The same words as Daily, not arXiv's "cross"/"replace"
    assert "Cross-list</span>" in html and "Replacement</span>" in html


@pytest.mark.parametrize("url", ["/papers/daily/2026-02-30/", "/papers/daily/yesterday/",
                                 "/papers/week/soon/", "/papers/month/2026-13/"])  # fmt: skip
def test_bad_dates_get_a_400(client, url):
    response = client.get(url)
    assert response.status_code == 400 and "Cannot show this page" in response.content.decode()


def test_listing_day_of_api_papers_follows_arxiv_schedule(ingest):
    # Submitted Friday 15:00 US Eastern: after the cut-off, listed the next Tuesday.
    friday_afternoon = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)
    assert listing_day(friday_afternoon) == date(2026, 11, 24)
    ingest(api_feed([make_record(7, published=friday_afternoon, updated=friday_afternoon)]))
    paper = Paper.objects.get()
    assert (paper.announced_on, paper.announce_type) == (date(2026, 11, 24), "new")


def test_trending_decays_with_age(listings):
    now = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # an hour into Monday's listing day
    Paper.objects.filter(title="Monday New").update(upvotes_count=3)
    Paper.objects.filter(title="Friday New A").update(upvotes_count=20)
    Paper.objects.filter(title="Friday New B").update(upvotes_count=60)
    ranked = [p.title for p in trending_papers(now=now)]
    # Monday: 3 / 3^1.5 = 0.58. Friday (73 h): 60 / 75^1.5 = 0.09, 20 / 75^1.5 = 0.03.
    assert ranked[:3] == ["Monday New", "Friday New B", "Friday New A"]
    later = [p.title for p in trending_papers(now=now + timedelta(days=6))]
    assert later[0] == "Friday New B"


def test_trending_after_a_quiet_fortnight_shows_the_fortnight_up_to_the_latest_listing(
    client, listings
):
    Paper.objects.filter(title="Friday New B").update(upvotes_count=60)
    month_later = datetime(2026, 12, 23, 12, 0, tzinfo=UTC)
    papers, until = trending_or_latest(now=month_later)
    assert until == date(2026, 11, 23) and papers[0].title == "Friday New B"
    assert trending_or_latest(now=datetime(2026, 11, 23, 1, 0, tzinfo=UTC))[1] is None

    # The page, a month after the last listing (the listings moved back a month from today).
    latest = timezone.localdate() - timedelta(days=30)
    Paper.objects.filter(title__startswith="Monday").update(announced_on=latest)
    Paper.objects.filter(title__startswith="Friday").update(announced_on=latest - timedelta(3))
    html = client.get("/papers/trending/").content.decode()
    assert (
        f"the two weeks up to the latest listing, {latest:%b} {latest.day}, {latest.year}" in html
    )
    assert _titles(html)[0] == "Friday New B"


def test_daily_query_count_is_constant(client, ingest, django_assert_max_num_queries):
    ingest(
        rss_feed([make_record(n, announced_on=MONDAY, announce_type="new") for n in range(1, 40)])
    )
    with django_assert_max_num_queries(7):
        client.get("/papers/daily/2026-11-23/")
