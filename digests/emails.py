"""The emails digests send, each as plain text with an HTML alternative.

Links are absolute (settings.SITE_URL). Digests carry the list headers mail
clients turn into an "Unsubscribe" button: List-Unsubscribe (RFC 2369) with the
signed HTTPS link, and List-Unsubscribe-Post (RFC 8058) so that button
unsubscribes with one POST, no page to visit.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from digests.content import Digest
from digests.models import Subscription
from digests.tokens import make_token

SUBJECT_PREFIX = "[Peerfolio] "


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def link(purpose: str, subscription: Subscription) -> str:
    """The absolute signed link for ``purpose``: "confirm", "manage" or "unsubscribe"."""
    return absolute(reverse(f"digests:{purpose}", args=[make_token(purpose, subscription)]))


def _message(subject, template, context, to, headers=None) -> EmailMultiAlternatives:
    context = {"site_url": settings.SITE_URL, **context}
    message = EmailMultiAlternatives(
        SUBJECT_PREFIX + subject,
        render_to_string(f"digests/emails/{template}.txt", context),
        None,
        [to],
        headers=headers or {},
    )
    message.attach_alternative(
        render_to_string(f"digests/emails/{template}.html", context), "text/html"
    )
    return message


def confirmation_email(subscription: Subscription) -> EmailMultiAlternatives:
    return _link_email(
        subscription,
        "Confirm your digest subscription",
        "confirm",
        confirm_url=link("confirm", subscription),
    )


def already_subscribed_email(subscription: Subscription) -> EmailMultiAlternatives:
    """Someone asked to subscribe an address that already gets digests: tell its owner."""
    return _link_email(
        subscription,
        "You already get Peerfolio digests",
        "already_subscribed",
        manage_url=link("manage", subscription),
    )


def _link_email(subscription, subject: str, template: str, **links: str):
    """A short email to the subscriber whose point is a signed link (``links``, by template name)."""
    return _message(subject, template, {"subscription": subscription, **links}, subscription.email)


def digest_email(digest: Digest) -> EmailMultiAlternatives:
    subscription, period = digest.subscription, digest.period
    unsubscribe_url = link("unsubscribe", subscription)
    context = {
        "digest": digest,
        "subscription": subscription,
        "period": period,
        "top": [_card(p, subscription.categories) for p in digest.top],
        "followed": [_card(p) for p in digest.followed],
        "manage_url": link("manage", subscription),
        "unsubscribe_url": unsubscribe_url,
    }
    kind = "Daily" if period.frequency == "daily" else "Weekly"
    count = digest.papers_count
    subject = f"{kind} digest: {count} paper{'s' if count != 1 else ''} · {period.label}"
    return _message(
        subject,
        "digest",
        context,
        subscription.email,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"Peerfolio {kind.lower()} digest <{period.frequency}.digests.peerfolio>",
        },
    )


def _card(paper, wanted=()) -> dict:
    """What the email prints for one paper; plain values, so both parts agree.

    ``listed_in`` names the chosen category a cross-listed paper matched, so a
    math.ST paper in a stat.ML digest says why it is there.
    """
    names = [a.name_as_printed for a in getattr(paper, "lead_authorships", [])]
    authors = ", ".join(names)
    if paper.author_count > len(names):
        authors += " et al."
    category = paper.primary_category_id or (paper.categories[:1] or [""])[0]
    listed_in = ""
    if wanted and category not in wanted:
        listed_in = next((code for code in paper.categories if code in wanted), "")
    return {
        "title": " ".join(paper.title.split()),
        "url": absolute(paper.get_absolute_url()),
        "authors": authors,
        "author_count": paper.author_count,
        "category": category,
        "listed_in": listed_in,
        "upvotes": paper.upvotes_count,
        "announced_on": paper.announced_on,
        "abstract": " ".join(paper.abstract.split()),
    }
