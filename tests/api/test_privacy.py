"""Private data never leaves through the API: account emails, pending claims, messages."""

import pytest

from profiles.models import Author, Claim, CollaborationMessage, CollaborationRequest

pytestmark = pytest.mark.django_db

SECRETS = [
    "owner-secret@private.example",
    "claimant-secret@private.example",
    "sender-secret@private.example",
    "PENDING-CLAIM-NOTE",
    "INVITATION-TOPIC",
    "INVITATION-BODY",
    "REPLY-BODY",
]


def test_no_response_carries_private_data(client, lab, make_user):
    owner = make_user("owner-secret@private.example")
    claimant = make_user("claimant-secret@private.example")
    sender = make_user("sender-secret@private.example")
    Author.objects.filter(pk=lab.pk).update(claimed_by=owner, verification_level=2)
    turing = Author.objects.get(display_name="Alan Turing")
    Claim.objects.create(author=turing, user=claimant, level=2, message="PENDING-CLAIM-NOTE",
                         evidence=[{"key": "verified_email", "passed": True,
                                    "detail": "claimant-secret@private.example"}])  # fmt: skip
    invitation = CollaborationRequest.objects.create(
        sender=sender, recipient=owner, author=lab, topic="INVITATION-TOPIC",
        message="INVITATION-BODY", status="accepted",
    )  # fmt: skip
    CollaborationMessage.objects.create(request=invitation, sender=owner, body="REPLY-BODY")

    urls = [
        "/api/v1/researchers", "/api/v1/researchers?q=lovelace",
        f"/api/v1/researchers/{lab.slug}", f"/api/v1/researchers/{lab.slug}/works",
        f"/api/v1/researchers/{lab.slug}/coauthors", f"/api/v1/researchers/{turing.slug}",
        f"/api/v1/researchers/{turing.slug}/coauthors", "/api/v1/papers/2601.00001",
        "/api/v1/search?q=lovelace", "/api/v1/search?q=private", "/api/v1/daily",
        "/api/v1/openapi.json",
    ]  # fmt: skip
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert not [s for s in SECRETS if s in body], url
        assert "private.example" not in body and "@" not in body, url

    assert client.get(f"/api/v1/researchers/{lab.slug}").json()["claimed"] is True
    # A pending claim is not a claim.
    assert client.get(f"/api/v1/researchers/{turing.slug}").json()["claimed"] is False
