from django.urls import path

from profiles import views

app_name = "profiles"
urlpatterns = [
    path("", views.browse, name="browse"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/works.atom", views.works_feed, name="feed"),
    path("<slug:slug>/works.bib", views.works_bibtex, name="bibtex"),
]
