from django.urls import path

from papers.urls import ArxivIdConverter  # noqa: F401 - registers the "arxiv" converter
from profiles import actions, views

app_name = "profiles"
urlpatterns = [
    path("", views.browse, name="browse"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/works.atom", views.works_feed, name="feed"),
    path("<slug:slug>/works.bib", views.works_bibtex, name="bibtex"),
    path("<slug:slug>/follow/", actions.follow, name="follow"),
    path("<slug:slug>/claim/", actions.claim, name="claim"),
    path("<slug:slug>/claim/dispute/", actions.dispute, name="dispute"),
    path("<slug:slug>/edit/", actions.edit, name="edit"),
    path("<slug:slug>/works/<arxiv:arxiv_id>/not-mine/", actions.not_mine, name="not_mine"),
    path("<slug:slug>/invite/", actions.invite, name="invite"),
]
