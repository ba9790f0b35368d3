"""A digest through a real SMTP server on loopback (aiosmtpd), as production sends it."""

from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from digests.models import Delivery
from digests.tasks import send_digest
from tests.digests.conftest import ANNOUNCED, free_port

pytestmark = pytest.mark.django_db


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    yield inbox
    controller.stop()


def test_a_digest_reaches_a_real_smtp_server_with_its_list_headers(
    smtp_server, announce, subscriber
):
    paper = announce(ANNOUNCED, votes=12, title="Attention Is Still All You Need")
    subscription = subscriber("reader@example.org")

    assert send_digest.apply(args=[subscription.pk, "daily:2026-11-26"]).get() == "sent"
    assert send_digest.apply(args=[subscription.pk, "daily:2026-11-26"]).get() == "handled"

    [envelope] = smtp_server.received
    assert envelope.rcpt_tos == ["reader@example.org"]
    message = message_from_bytes(envelope.original_content, policy=policy.default)
    assert message["To"] == "reader@example.org"
    # Non-ASCII subjects travel as RFC 2047 words on a folded line; unfolded, it reads as sent.
    assert message["Subject"].strip() == "[Peerfolio] Daily digest: 1 paper · Wed, Nov 25"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        message["List-Unsubscribe"]
        .strip()
        .startswith("<http://127.0.0.1:8000/digests/unsubscribe/")
    )
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "1. Attention Is Still All You Need" in text and "12 upvotes" in text
    assert f'href="http://127.0.0.1:8000/papers/{paper.arxiv_id}/"' in html
    assert Delivery.objects.get().status == "sent"
