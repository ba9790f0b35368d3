"""What a visitor gets when the server fails: 503 "back in a moment" while PostgreSQL is
unreachable (a restart, a failover), the site's own 500 page otherwise; JSON under /api/."""

import pytest
from django.db import OperationalError
from django.test import Client

from api import resources
from papers import views as paper_views

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def _fails_with(exc):
    def fail(*args, **kwargs):
        raise exc

    return fail


def test_a_page_while_postgresql_is_unreachable_is_a_503_to_retry(visitor, monkeypatch):
    down = OperationalError("connection refused: is the server running?")
    monkeypatch.setattr(paper_views, "trending_or_latest", _fails_with(down))
    response = visitor.get("/papers/trending/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    html = response.content.decode()
    assert "The site is briefly unavailable" in html and "connection refused" not in html


def test_any_other_failure_is_the_sites_500_page_without_details(visitor, monkeypatch):
    monkeypatch.setattr(paper_views, "trending_or_latest", _fails_with(KeyError("secret")))
    response = visitor.get("/papers/trending/")
    assert response.status_code == 500 and "Retry-After" not in response
    html = response.content.decode()
    assert "Something went wrong on our side" in html and "secret" not in html


def test_the_api_says_503_in_json_while_postgresql_is_unreachable(visitor, monkeypatch):
    monkeypatch.setattr(resources, "paper", _fails_with(OperationalError("server closed")))
    response = visitor.get("/api/v1/papers/2601.00001")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json() == {
        "message": "The database is unavailable; try again in a few seconds."
    }
