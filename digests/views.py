"""Digest pages: subscribe, confirm, manage and unsubscribe; the last three by signed link,
without signing in."""

from __future__ import annotations

import logging
from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from digests import subscriptions
from digests.forms import PreferencesForm, ResendForm, SubscribeForm
from digests.models import Subscription
from digests.sending import SEND_ERRORS
from digests.tokens import LinkExpired, LinkInvalid, make_token, read_token

log = logging.getLogger("peerfolio.digests")
SENT_TO = "digests_sent_to"
COULD_NOT_SEND = "We could not send the email just now. Please try again in a few minutes."


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    user = request.user if request.user.is_authenticated else None
    if request.method != "POST":  # GET or HEAD: a look changes nothing
        form = SubscribeForm(
            initial={"email": user.email if user else ""}, followed_available=user is not None
        )
        return render(request, "digests/subscribe.html", {"form": form})
    form = SubscribeForm(request.POST, followed_available=user is not None)
    if not form.is_valid():
        return render(request, "digests/subscribe.html", {"form": form}, status=400)
    email = form.cleaned_data["email"]
    try:
        outcome = subscriptions.subscribe(
            email,
            frequency=form.cleaned_data["frequency"],
            categories=form.cleaned_data["categories"],
            include_followed=form.cleaned_data.get("include_followed", False),
            user=user,
        )
    except SEND_ERRORS:
        log.exception("Could not send a digest link")
        messages.error(request, COULD_NOT_SEND)
        return render(request, "digests/subscribe.html", {"form": form}, status=503)
    if outcome is subscriptions.Outcome.SUBSCRIBED:
        messages.success(request, f"You're subscribed: digests will go to {email}.")
        return redirect(reverse("me") + "#digests")
    messages.info(request, f"We've sent a message to {email}.")
    request.session[SENT_TO] = email  # fills in "send the link again"
    return redirect("digests:sent")


@require_safe
def sent(request):
    form = ResendForm(initial={"email": request.session.get(SENT_TO, "")})
    return render(request, "digests/sent.html", {"form": form})


@require_POST
def resend(request):
    form = ResendForm(request.POST)
    if not form.is_valid():
        return render(request, "digests/sent.html", {"form": form}, status=400)
    try:
        subscriptions.resend(form.cleaned_data["email"])
    except SEND_ERRORS:
        log.exception("Could not resend a digest link")
        messages.error(request, COULD_NOT_SEND)
        return render(request, "digests/sent.html", {"form": form}, status=503)
    email = form.cleaned_data["email"]
    # Worded for both cases, so the page never tells whether the address is on our list.
    messages.info(request, f"If {email} has a digest subscription, a new link is on its way.")
    request.session[SENT_TO] = email
    return redirect("digests:sent")


def _link_problem(request, exc, purpose):
    """An expired or forged link: say which, and offer a fresh one (never a 500)."""
    expired = isinstance(exc, LinkExpired)
    email = ""
    if expired:  # a genuine link: offer the new one to its own address
        email = Subscription.objects.filter(pk=exc.subscription_id).values_list("email", flat=True)
        email = email.first() or ""
    form = ResendForm(initial={"email": email})
    context = {"expired": expired, "purpose": purpose, "form": form}
    return render(request, "digests/link_problem.html", context, status=400)


def signed_link(purpose):
    """The view gets the subscription a ``purpose`` link names; a bad link gets the problem page."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, token):
            try:
                subscription = subscriptions.subscription_for(read_token(purpose, token))
            except (LinkExpired, LinkInvalid) as exc:
                return _link_problem(request, exc, purpose)
            return view(request, token, subscription)

        return wrapped

    return decorate


@require_http_methods(["GET", "HEAD", "POST"])
@signed_link("confirm")
def confirm(request, token, subscription):
    if request.method != "POST":  # GET or HEAD: a look changes nothing
        # Confirming takes a click, not a visit: mail scanners open links on their own.
        context = {"subscription": subscription, "manage_token": make_token("manage", subscription)}
        return render(request, "digests/confirm.html", context)
    subscriptions.confirm(subscription)
    when = "on Mondays" if subscription.frequency == "weekly" else "Tuesday to Saturday"
    messages.success(request, f"You're subscribed. Digests go out at 06:00 UTC, {when}.")
    return redirect("digests:manage", token=make_token("manage", subscription))


@require_http_methods(["GET", "HEAD", "POST"])
@signed_link("manage")
def manage(request, token, subscription):
    followed = subscription.followed_available
    unsubscribe_token = make_token("unsubscribe", subscription)
    if request.method == "POST" and "resubscribe" in request.POST:
        subscriptions.resubscribe(subscription)
        messages.success(request, "You're subscribed again.")
        return redirect("digests:manage", token=token)
    if request.method == "POST":
        form = PreferencesForm(request.POST, followed_available=followed)
        if form.is_valid():
            subscriptions.update_choices(subscription, **form.cleaned_data)
            messages.success(request, "Your digest settings are saved.")
            return redirect("digests:manage", token=token)
        status = 400
    else:
        form = PreferencesForm(
            initial={
                "frequency": subscription.frequency,
                "categories": subscription.categories,
                "include_followed": subscription.include_followed,
            },
            followed_available=followed,
        )
        status = 200
    context = {"subscription": subscription, "form": form, "unsubscribe_token": unsubscribe_token}
    return render(request, "digests/manage.html", context, status=status)


@csrf_exempt  # the signed token is the credential; mail clients' one-click POST has no CSRF token
@require_http_methods(["GET", "HEAD", "POST"])
@signed_link("unsubscribe")
def unsubscribe(request, token, subscription):
    manage_token = make_token("manage", subscription)
    if request.method != "POST":  # GET or HEAD: a look changes nothing
        # A visit only asks: link checkers and previews must not unsubscribe anyone.
        context = {"subscription": subscription, "manage_token": manage_token}
        return render(request, "digests/unsubscribe.html", context)
    subscriptions.unsubscribe(subscription)
    if request.POST.get("List-Unsubscribe") == "One-Click":
        # RFC 8058: the mail provider posts on the reader's behalf and reads only the status.
        context = {"subscription": subscription, "manage_token": manage_token}
        return render(request, "digests/unsubscribed.html", context)
    messages.success(request, f"{subscription.email} is unsubscribed. No more digests.")
    return redirect("digests:manage", token=manage_token)
