"""The Content-Security-Policy every page carries (tests/e2e/test_csp.py checks it in a browser)."""

import re

import pytest

pytestmark = pytest.mark.django_db

HEADER = "Content-Security-Policy"


def directives(response) -> dict[str, list[str]]:
    policy = response[HEADER]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.parametrize("path", ["/", "/papers/daily/", "/search/?q=ada", "/digests/", "/graph/"])
def test_pages_allow_scripts_and_styles_only_from_our_own_origin(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'" and policy["style-src"][0] == "'self'"
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[name] and "'unsafe-eval'" not in policy[name]
    assert policy["object-src"] == policy["base-uri"] == policy["frame-ancestors"] == ["'none'"]


def test_pages_have_no_inline_script_or_event_handler(client):
    for path in ["/", "/papers/daily/", "/search/?q=ada", "/digests/", "/graph/"]:
        html = client.get(path).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\son[a-z]+=", html), path
        assert "style=" not in html, path


def test_htmx_is_told_to_keep_to_the_policy(client):
    html = client.get("/").content.decode()
    assert '"includeIndicatorStyles": false' in html and '"allowEval": false' in html
    assert "/static/django_htmx/htmx-2.min.js" in html


def test_an_admin_page_inline_style_carries_the_header_nonce(client, make_user):
    curator = make_user("curator@example.org", curator=True)
    client.force_login(curator)
    response = client.get("/admin/profiles/author/duplicates/")
    assert response.status_code == 200
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in directives(response)["style-src"]
