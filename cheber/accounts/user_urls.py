from django.urls import path

from cheber.accounts import user_views

app_name = "users"
urlpatterns = [
    path("", user_views.user_list, name="user_list"),
    path("invite/", user_views.user_invite, name="user_invite"),
]
