from django.urls import path

from cheber.users import views

app_name = "users"
urlpatterns = [
    path("", views.user_list, name="user_list"),
    path("invite/", views.user_invite, name="user_invite"),
]
