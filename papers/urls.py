from django.urls import path, register_converter

from papers import views


class ArxivIdConverter:
    """New-style ids (2401.12345) and old-style ones with an archive (cond-mat/0412498)."""

    regex = r"[a-z][a-z\-]*(?:\.[A-Za-z\-]{2,})?/\d{7}|\d{4}\.\d{4,5}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ArxivIdConverter, "arxiv")

app_name = "papers"
urlpatterns = [
    path("daily/", views.daily, name="daily"),
    path("daily/<str:day>/", views.daily, name="daily_day"),
    path("week/<str:day>/", views.period, {"kind": "week"}, name="week"),
    path("month/<str:day>/", views.period, {"kind": "month"}, name="month"),
    path("trending/", views.trending, name="trending"),
    path("<arxiv:arxiv_id>/upvote/", views.upvote, name="upvote"),
    path("<arxiv:arxiv_id>/", views.detail, name="detail"),
    path("<arxiv:arxiv_id>/authors/", views.authors, name="authors"),
    path("<arxiv:arxiv_id>/bibtex/", views.bibtex, name="bibtex"),
]
