from django.urls import path

from cheber.registry import views

app_name = "registry"
urlpatterns = [
    path("educators/", views.educator_list, name="educator_list"),
    path("educators/export.csv", views.educator_export, name="educator_export"),
    path("educators/new/", views.educator_create, name="educator_create"),
    path("educators/<int:pk>/", views.educator_detail, name="educator_detail"),
    path("educators/<int:pk>/edit/", views.educator_edit, name="educator_edit"),
    path("educators/<int:pk>/jobs/new/", views.employment_create, name="employment_create"),
    path("educators/<int:pk>/trainings/new/", views.training_create, name="training_create"),
    path("jobs/<int:pk>/end/", views.employment_end, name="employment_end"),
    path("trainings/to-verify/", views.training_queue, name="training_queue"),
    path("trainings/<int:pk>/", views.declared_training, name="declared_training"),
    path("trainings/<int:pk>/edit/", views.training_edit, name="training_edit"),
    path("trainings/<int:pk>/verify/", views.verify_training, name="verify_training"),
    path("trainings/<int:pk>/reject/", views.reject_training, name="reject_training"),
    path("trainings/<int:pk>/document/", views.training_document, name="training_document"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
]
