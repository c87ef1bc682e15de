"""Log-in and log-out by django-allauth, under the names the rest of Cheber uses; allauth's
own pages (password reset, second factor) are mounted beside these in config/urls.py."""

from allauth.account import views as allauth_views
from django.urls import path

app_name = "accounts"
urlpatterns = [
    # first at /accounts/login/, so allauth's own `account_login` lands here too
    path(
        "login/",
        allauth_views.LoginView.as_view(template_name="accounts/login.html"),
        name="login",
    ),
    path("logout/", allauth_views.logout, name="logout"),
]
