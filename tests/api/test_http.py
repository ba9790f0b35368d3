"""The API's HTTP contract: cursors, errors as JSON, conditional requests, CORS, rate limits, docs."""

import re

import pytest
from django.core import signing

from api.cursors import SALT, encode_cursor
from tests.api.conftest import get_json

pytestmark = pytest.mark.django_db


def _walk(client, url):
    seen, pages = [], 0
    while url:
        data = get_json(client, url)
        seen += [w["arxiv_id"] for w in data["items"]]
        pages += 1
        cursor = data["next_cursor"]
        url = f"{url.split('&cursor=')[0]}&cursor={cursor}" if cursor else None
    return seen, pages


def test_next_cursor_walks_all_works_without_repeats(client, lab):
    seen, pages = _walk(client, f"/api/v1/researchers/{lab.slug}/works?limit=2")
    assert pages == 4
    assert seen == [f"2601.{n:05d}" for n in range(7, 0, -1)]


def test_next_cursor_walks_researchers_without_repeats(client, lab):
    names, url = [], "/api/v1/researchers?limit=1"
    while url:
        data = get_json(client, url)
        names += [r["name"] for r in data["items"]]
        url = (
            f"/api/v1/researchers?limit=1&cursor={data['next_cursor']}"
            if data["next_cursor"]
            else None
        )
    assert names == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        # Well-formed but not signed by us: a client guessing a position.
        "eyJzIjoid29ya3MiLCJjIjoiMF8xIn0:1abcde:forgedsignature",
    ],
)
def test_a_forged_cursor_is_a_json_400(client, lab, cursor):
    data = get_json(client, f"/api/v1/researchers/{lab.slug}/works?cursor={cursor}", 400)
    assert "start again" in data["message"]


def test_a_cursor_of_another_list_is_refused(client, lab):
    data = get_json(client, "/api/v1/researchers?limit=1")
    other = get_json(
        client, f"/api/v1/researchers/{lab.slug}/works?cursor={data['next_cursor']}", 400
    )
    assert "another list" in other["message"]


def test_a_stale_cursor_is_refused(client, lab):
    stale = signing.TimestampSigner(salt=SALT)
    stale.timestamp = lambda: signing.b62_encode(0)  # made in 1970
    token = stale.sign_object({"s": f"works|{lab.pk}", "c": "1_1"}, compress=True)
    data = get_json(client, f"/api/v1/researchers/{lab.slug}/works?cursor={token}", 400)
    assert "expired" in data["message"]


def test_a_signed_cursor_with_a_bad_position_is_refused(client, lab):
    token = encode_cursor("nonsense", f"works|{lab.pk}")
    get_json(client, f"/api/v1/researchers/{lab.slug}/works?cursor={token}", 400)


def test_bad_parameters_are_json_422(client, lab):
    data = get_json(client, "/api/v1/researchers?limit=101", 422)
    assert data["message"] and data["errors"][0]["loc"][-1] == "limit"
    get_json(client, "/api/v1/researchers?sort=age", 422)
    # A NUL byte never reaches a view (config.middleware): a JSON 400 that says why.
    assert "NUL byte" in get_json(client, "/api/v1/search?q=a%00b", 400)["message"]


def test_an_unexpected_error_is_json_500(client, lab, monkeypatch):
    from api import resources

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(resources, "search", broken)
    data = get_json(client, "/api/v1/search?q=x", 500)
    assert data == {"message": "Internal server error."}


def test_a_wrong_method_is_a_json_405(client, lab):
    response = client.post("/api/v1/researchers")
    assert response.status_code == 405 and response["Allow"] == "GET"
    assert response.json()["message"] == "POST is not allowed here; use GET."


def test_an_error_outside_an_operation_is_json_500_too(client, lab, monkeypatch):
    from api import http

    def broken(*args, **kwargs):
        raise RuntimeError("the cache is down")

    monkeypatch.setattr(http, "get_usage", broken)
    client.raise_request_exception = False
    response = client.get("/api/v1/researchers")
    assert response.status_code == 500 and response.json() == {"message": "Internal server error."}
    assert client.get(f"/researchers/{lab.slug}/").status_code == 200  # pages are not the API


def test_etag_and_last_modified_answer_304(client, lab, monkeypatch):
    from api import http

    monkeypatch.setattr(http, "now_seconds", lambda: 1_800_000_000)
    url = f"/api/v1/researchers/{lab.slug}"
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=300"
    assert first["ETag"] and first["Last-Modified"]

    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    since = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304

    # A change no timestamp column records (a new spelling) is still a new answer.
    monkeypatch.setattr(http, "now_seconds", lambda: 1_800_000_060)
    lab.aliases.create(name="Augusta Ada King", normalized="augusta ada king")
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert "Augusta Ada King" in changed.json()["other_names"]
    later = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert later.status_code == 200 and later["Last-Modified"] == changed["Last-Modified"]
    assert (
        client.get(url, headers={"If-Modified-Since": changed["Last-Modified"]}).status_code == 304
    )


def test_lists_have_etags_too(client, lab):
    first = client.get(f"/api/v1/researchers/{lab.slug}/works")
    assert client.get(f"/api/v1/researchers/{lab.slug}/works",
                      headers={"If-None-Match": first["ETag"]}).status_code == 304  # fmt: skip


def test_cors_is_open_for_reading_the_api_only(client, lab):
    origin = {"Origin": "https://someones.app"}
    api = client.get("/api/v1/researchers", headers=origin)
    assert api["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in api
    preflight = client.options("/api/v1/researchers", headers={
        **origin, "Access-Control-Request-Method": "GET"})  # fmt: skip
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    page = client.get(f"/researchers/{lab.slug}/", headers=origin)
    assert "Access-Control-Allow-Origin" not in page


def test_over_the_rate_limit_is_a_json_429_with_retry_after(client, lab, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "3/m"}
    answers = [client.get("/api/v1/researchers") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert "Too many requests" in answers[3].json()["message"]
    assert 1 <= int(answers[3]["Retry-After"]) <= 60
    # Another address has its own count.
    assert client.get("/api/v1/researchers", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = get_json(client, "/api/v1/openapi.json")
    assert schema["openapi"].startswith("3.")
    docs = client.get("/api/v1/docs")
    html = docs.content.decode()
    assert docs.status_code == 200 and "swagger-ui-bundle.js" in html
    assets = re.findall(r'<(?:script[^>]* src|link[^>]* href)="([^"]+)"', html)
    assert assets and all(url.startswith("/static/") for url in assets), assets
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    assert 'href="/"' in html and "/static/css/api-docs.css" in html  # the way back, dark mode


def test_old_style_arxiv_ids_are_found(client, ingest):
    from tests.feedgen import api_feed, make_record

    ingest(api_feed([make_record(1, arxiv_id="hep-th/9901001", primary_category="hep-th",
                                 categories=["hep-th"])]))  # fmt: skip
    assert get_json(client, "/api/v1/papers/hep-th/9901001")["arxiv_id"] == "hep-th/9901001"


def test_the_api_root_is_a_json_404_whatever_the_method(client):
    for method in (client.get, client.post):
        response = method("/api/v1/")
        assert response.status_code == 404 and response.json() == {"message": "Not found."}
