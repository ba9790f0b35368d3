"""Direct collaboration: who may invite, the inbox, accept/decline, replies, emails and the rate limit."""

import pytest
from django.core import mail

from profiles import claims, collaboration
from profiles.models import Author, CollaborationRequest
from tests.people.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_ada(researchers, make_user, django_capture_on_commit_callbacks):
    ada, _ = researchers
    owner = make_user("ada@analytical.example")
    claims.file_claim(owner, ada)
    Author.objects.filter(pk=ada.pk).update(open_to_collaborate=True)
    return owner, Author.objects.get(pk=ada.pk)


def test_unclaimed_records_cannot_be_invited(client, researchers, make_user):
    _, alan = researchers
    page = signed_in(client, make_user()).get(f"/researchers/{alan.slug}/invite/").content.decode()
    assert "Claim this author entity first to unlock direct invitations." in page
    response = client.post(f"/researchers/{alan.slug}/invite/", {"topic": "x", "message": "y"})
    assert response.status_code == 403 and not CollaborationRequest.objects.exists()


def test_invitation_lifecycle_with_emails(
    client, open_ada, make_user, django_capture_on_commit_callbacks
):
    owner, ada = open_ada
    sender = make_user("grace@navy.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(client, sender).post(
            f"/researchers/{ada.slug}/invite/",
            {"topic": "Compilers for engines", "message": "Shall we?"},
        )
    invitation = CollaborationRequest.objects.get()
    assert response["Location"] == f"/me/invitations/{invitation.pk}/"
    assert mail.outbox[-1].to == ["ada@analytical.example"]
    assert (
        "Compilers for engines" in mail.outbox[-1].subject
        and f"/me/invitations/{invitation.pk}/" in mail.outbox[-1].body
    )

    inbox = signed_in(client, owner).get("/me/").content.decode()
    assert "Compilers for engines" in inbox and "grace@navy.example" in inbox
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/me/invitations/{invitation.pk}/", {"accept": "1"})
    invitation.refresh_from_db()
    assert invitation.status == "accepted" and mail.outbox[-1].to == ["grace@navy.example"]

    client.post(f"/me/invitations/{invitation.pk}/", {"body": "Monday at ten?"})
    signed_in(client, sender).post(f"/me/invitations/{invitation.pk}/", {"body": "Yes."})
    thread = client.get(f"/me/invitations/{invitation.pk}/").content.decode()
    assert thread.index("Monday at ten?") < thread.index("Yes.")


def test_decline_and_only_the_recipient_answers(client, open_ada, make_user):
    owner, ada = open_ada
    sender = make_user()
    invitation = collaboration.send_invitation(sender, ada, "Topic", "Hello")
    assert (
        signed_in(client, sender)
        .post(f"/me/invitations/{invitation.pk}/", {"accept": "1"})
        .status_code
        == 403
    )
    assert (
        signed_in(client, make_user()).get(f"/me/invitations/{invitation.pk}/").status_code == 403
    )
    signed_in(client, owner).post(f"/me/invitations/{invitation.pk}/", {"decline": "1"})
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    assert client.post(f"/me/invitations/{invitation.pk}/", {"body": "hi"}).status_code == 403


def test_closed_owner_and_self_invitations_are_refused(open_ada, make_user):
    owner, ada = open_ada
    with pytest.raises(collaboration.InvitationRefused, match="your own record"):
        collaboration.send_invitation(owner, ada, "Me", "Myself")
    Author.objects.filter(pk=ada.pk).update(open_to_collaborate=False)
    with pytest.raises(collaboration.InvitationRefused, match="not taking collaboration requests"):
        collaboration.send_invitation(make_user(), Author.objects.get(pk=ada.pk), "T", "M")


def test_a_sender_gets_five_invitations_a_day(open_ada, make_user):
    _, ada = open_ada
    sender = make_user()
    for n in range(collaboration.INVITATIONS_PER_DAY):
        collaboration.send_invitation(sender, ada, f"Topic {n}", "Hi")
    with pytest.raises(collaboration.InvitationRefused, match="wait before sending more"):
        collaboration.send_invitation(sender, ada, "One more", "Hi")
    assert CollaborationRequest.objects.count() == collaboration.INVITATIONS_PER_DAY


def test_invalid_invitation_form_re_renders_with_errors(client, open_ada, make_user):
    _, ada = open_ada
    response = signed_in(client, make_user()).post(
        f"/researchers/{ada.slug}/invite/", {"topic": "", "message": ""}
    )
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not CollaborationRequest.objects.exists()
