from django.urls import re_path

from papers import views

app_name = "papers"
urlpatterns = [
    # New-style ids (2401.12345) and old-style ones with an archive (cond-mat/0412498).
    re_path(
        r"^(?P<arxiv_id>[a-z][a-z\-]*(?:\.[A-Za-z\-]{2,})?/\d{7}|\d{4}\.\d{4,5})/$",
        views.detail,
        name="detail",
    ),
]
