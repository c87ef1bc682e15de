from django.urls import path

from cheber.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("new/", views.programme_create, name="programme_create"),
    path("<int:pk>/", views.programme_detail, name="programme_detail"),
    path("<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("<int:pk>/approve/", views.programme_approve, name="programme_approve"),
    path("<int:pk>/archive/", views.programme_archive, name="programme_archive"),
]
