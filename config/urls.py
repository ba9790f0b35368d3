from allauth.account.decorators import secure_admin_login
from allauth.socialaccount.providers.orcid import views as orcid_views
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from api.errors import not_found_view
from api.pages import api_tokens, revoke_api_token
from api.views import api
from config.views import healthz, me, only_when_orcid_configured
from papers.sitemaps import PaperSitemap
from profiles import actions as profile_actions
from profiles import views as profile_views
from profiles.sitemaps import AuthorSitemap

# The admin signs in through allauth: one login form, one lockout after failed
# attempts, and the authenticator-app step for staff who turned it on.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Peerfolio curation"
admin.site.site_title = "Peerfolio curation"
admin.site.index_title = "Imports, identity and audit"

handler500 = "config.views.server_error"

sitemaps = {"researchers": AuthorSitemap, "papers": PaperSitemap}

urlpatterns = [
    path("", profile_views.home, name="home"),
    path("papers/", include("papers.urls")),
    path("search/", profile_views.search_page, name="search"),
    path("researchers/", include("profiles.urls")),
    path("graph/", include("graph.urls")),
    path("digests/", include("digests.urls")),
    # Ahead of allauth's own routes for the same addresses, which fail while ORCID is not set up.
    path("accounts/orcid/login/", only_when_orcid_configured(orcid_views.oauth2_login)),
    path("accounts/orcid/login/callback/", only_when_orcid_configured(orcid_views.oauth2_callback)),
    path("accounts/", include("allauth.urls")),
    path("me/", me, name="me"),
    path(
        "me/claims/<int:claim_id>/withdraw/", profile_actions.withdraw_claim, name="withdraw_claim"
    ),
    path("me/invitations/<int:invitation_id>/", profile_actions.invitation, name="invitation"),
    path("api/v1/", api.urls),
    re_path(r"^api/", not_found_view),
    path("me/api-tokens/", api_tokens, name="api_tokens"),
    path("me/api-tokens/<int:token_id>/revoke/", revoke_api_token, name="revoke_api_token"),
    # The audit trail moved from ingest to its own app: old bookmarks still land on it.
    re_path(
        r"^admin/ingest/auditevent/(?P<rest>.*)$",
        RedirectView.as_view(
            url="/admin/audit/auditevent/%(rest)s", query_string=True, permanent=True
        ),
    ),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": sitemaps}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]
