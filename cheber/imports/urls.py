from django.urls import path

from cheber.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/remap/", views.job_remap, name="job_remap"),
    path("jobs/<int:pk>/import/", views.job_commit, name="job_commit"),
    path("jobs/<int:pk>/problems.xlsx", views.job_problems, name="job_problems"),
    path("template-<str:language>.xlsx", views.template_download, name="template"),
    path("export.xlsx", views.export, name="export"),
]
