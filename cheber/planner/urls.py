from django.urls import path

from cheber.planner import views

app_name = "planner"
urlpatterns = [
    path("", views.run_list, name="run_list"),
    path("<int:pk>/", views.run_detail, name="run_detail"),
    path("<int:pk>/what-if/", views.what_if, name="what_if"),
    path("<int:pk>/nominate/", views.nominate, name="nominate"),
    path("<int:pk>/progress/", views.run_progress, name="run_progress"),
    path("<int:pk>/suggestions/", views.suggestions, name="suggestions"),
    path("<int:pk>/sessions/", views.session_list, name="session_list"),
    path("<int:pk>/sessions/<int:session_pk>/", views.session_detail, name="session_detail"),
    path("<int:pk>/districts/<int:unit_pk>/", views.district_detail, name="district_detail"),
    path("<int:pk>/placements/<int:placement_pk>/", views.placement_edit, name="placement_edit"),
]
