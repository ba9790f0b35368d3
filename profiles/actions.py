"""What people do on a profile: follow, claim, dispute, edit, "not mine", invite, answer, reply.

Every view here changes state on POST only (CSRF checked; HTMX sends the token
in hx-headers), checks who is asking, and answers a plain form post with a
redirect and a message, or an HTMX request with the fragment that changed.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from papers.http import sign_in_first
from papers.models import Paper
from papers.ratelimits import limit, per_account
from profiles import claims, collaboration, follows, ownership
from profiles.form_fields import PlainLineField
from profiles.models import Claim, CollaborationRequest
from profiles.queries import author_by_slug


def _live_author(slug):
    author, _ = author_by_slug(slug)  # a merged record's actions apply to the survivor
    return author


@require_POST
def follow(request, slug):
    author = _live_author(slug)
    if not request.user.is_authenticated:
        return sign_in_first(request, author.get_absolute_url())
    if request.POST.get("action") == "unfollow":
        follows.unfollow(request.user, author)
    else:
        follows.follow(request.user, author)
    author.refresh_from_db(fields=["followers_count"])
    if request.htmx:
        on_card = request.POST.get("variant") == "card"  # a researcher card in a list
        return render(
            request,
            "profiles/browse.html#follow-card" if on_card else "profiles/detail.html#follow-button",
            {"author": author, "following": follows.is_following(request.user, author)},
        )
    return redirect(author)


class ClaimForm(forms.Form):
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        label="Anything the curators should know (optional)",
    )


class DisputeForm(forms.Form):
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        label="Why this record is yours",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@per_account(rate=limit("claims"), group="claims")
def claim(request, slug):
    """The claim page: what we will check, the result, and the dispute form when taken."""
    author = _live_author(slug)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            filed = claims.file_claim(request.user, author, form.cleaned_data["message"])
        except claims.ClaimRefused as refused:
            messages.error(request, str(refused))
            return redirect("profiles:claim", slug=author.slug)
        if filed.status == Claim.Status.APPROVED:
            messages.success(request, "Your claim is approved: this record is now yours.")
            return redirect(author)
        messages.info(request, "Your claim is waiting for a curator; we will email you.")
        return redirect("profiles:claim", slug=author.slug)
    return render(
        request,
        "profiles/claim.html",
        {
            "author": author,
            "form": form,
            "dispute_form": DisputeForm(),
            "evidence": claims.gather_evidence(request.user, author),
            "mine": Claim.objects.filter(author=author, user=request.user),
        },
    )


@login_required
@require_POST
@per_account(rate=limit("claims"), group="claims")
def dispute(request, slug):
    author = _live_author(slug)
    form = DisputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the record is yours: curators read every dispute.")
        return redirect("profiles:claim", slug=author.slug)
    try:
        claims.file_dispute(request.user, author, form.cleaned_data["message"])
    except claims.ClaimRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.info(request, "Your dispute is with the curators.")
    return redirect("profiles:claim", slug=author.slug)


@login_required
@require_POST
def withdraw_claim(request, claim_id):
    claim = get_object_or_404(Claim, pk=claim_id)
    try:
        claims.withdraw(claim, request.user)
    except claims.ClaimRefused as refused:
        raise PermissionDenied(str(refused)) from refused
    messages.info(request, "Withdrawn.")
    return redirect("me")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, slug):
    author = _live_author(slug)
    if author.claimed_by_id != request.user.pk:
        raise PermissionDenied("Only the owner of this record can edit it.")
    initial = {"affiliation": author.institution.name if author.institution_id else ""}
    form = ownership.OwnerDetailsForm(request.POST or None, instance=author, initial=initial)
    if request.method == "POST" and form.is_valid():
        ownership.save_details(author, request.user, form)
        messages.success(request, "Saved.")
        return redirect(author)
    return render(request, "profiles/edit.html", {"author": author, "form": form})


@login_required
@require_POST
def not_mine(request, slug, arxiv_id):
    author = _live_author(slug)
    paper = get_object_or_404(Paper, arxiv_id=arxiv_id)
    try:
        removed = ownership.mark_not_mine(author, request.user, paper)
    except ownership.NotTheOwner as refused:
        raise PermissionDenied(str(refused)) from refused
    if request.htmx:
        return HttpResponse("")  # the card disappears
    if removed:
        messages.success(request, f"“{paper.title}” is off your profile; curators will place it.")
    return redirect(author)


class InvitationForm(forms.ModelForm):
    # The topic becomes the subject line of the owner's email: one plain line.
    topic = PlainLineField(
        max_length=200, help_text="A line: what you would like to work on together."
    )

    class Meta:
        model = CollaborationRequest
        fields = ["topic", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}


@require_http_methods(["GET", "HEAD", "POST"])
@per_account(rate=limit("invitations"))
def invite(request, slug):
    author = _live_author(slug)
    if not request.user.is_authenticated:
        return sign_in_first(request, request.get_full_path())
    reason = collaboration.why_not_invite(request.user, author)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and not reason and form.is_valid():
        try:
            invitation = collaboration.send_invitation(
                request.user, author, form.cleaned_data["topic"], form.cleaned_data["message"]
            )
        except collaboration.InvitationRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"Sent to {author.display_name}.")
            return redirect("invitation", invitation_id=invitation.pk)
    status = 403 if request.method == "POST" and reason else 200
    return render(
        request,
        "profiles/invite.html",
        {"author": author, "form": form, "reason": reason},
        status=status,
    )


class ReplyForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, label="Reply")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, invitation_id):
    invitation = get_object_or_404(
        CollaborationRequest.objects.select_related("author", "sender", "recipient"),
        pk=invitation_id,
    )
    if not invitation.involves(request.user):
        raise PermissionDenied("This conversation is between two other people.")
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        answering = "accept" in request.POST or "decline" in request.POST
        try:
            if answering:
                collaboration.answer(invitation, request.user, accept="accept" in request.POST)
            elif form.is_valid():
                collaboration.reply(invitation, request.user, form.cleaned_data["body"])
        except collaboration.InvitationRefused as refused:
            raise PermissionDenied(str(refused)) from refused
        if answering or form.is_valid():
            return redirect("invitation", invitation_id=invitation.pk)
    return render(
        request,
        "profiles/invitation.html",
        {
            "invitation": invitation,
            "replies": invitation.replies.select_related("sender"),
            "form": form,
        },
    )
