from django.urls import path

from graph import views

app_name = "graph"
urlpatterns = [
    path("", views.explorer, name="explorer"),
    path("slice/<slug:slug>/", views.slice_fragment, name="slice"),
    path("api/view/", views.api_view, name="api-view"),
    path("api/expand/", views.api_expand, name="api-expand"),
    path("api/path/", views.api_path, name="api-path"),
]
