from django.urls import path

from digests import views

app_name = "digests"
urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("check-your-inbox/", views.sent, name="sent"),
    path("resend/", views.resend, name="resend"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
