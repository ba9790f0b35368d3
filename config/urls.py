from django.contrib import admin
from django.urls import include, path

from config.views import healthz
from papers import views as paper_views

urlpatterns = [
    path("", paper_views.home, name="home"),
    path("papers/", include("papers.urls")),
    path("researchers/", include("profiles.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
