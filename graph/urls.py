from django.urls import path

from graph import views

app_name = "graph"
urlpatterns = [
    path("slice/<slug:slug>/", views.slice_fragment, name="slice"),
]
