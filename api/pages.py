"""The page where a signed-in person makes and revokes their API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from api import tokens


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    if request.method == "POST":
        name = " ".join(request.POST.get("name", "").split())[:80] or "API token"
        try:
            token, secret = tokens.create_token(request.user, name)
        except tokens.TooManyTokens as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                f"Token “{token.name}” made: {secret} — copy it now, it is not shown again.",
            )
        return redirect("api_tokens")
    return render(request, "api/tokens.html", {"tokens": tokens.active_tokens(request.user)})


@login_required
@require_POST
def revoke_api_token(request, token_id):
    if tokens.revoke_token(request.user, token_id):
        messages.success(request, "Token revoked.")
    return redirect("api_tokens")
