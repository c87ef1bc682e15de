from django.urls import path

from cheber.compliance import planning_views, views

app_name = "compliance"
urlpatterns = [
    # dashboards: national → oblast → district → organization → person (views.py)
    path("", views.dashboard, name="dashboard"),
    path("oblasts/<int:pk>/", views.region_dashboard, name="region_dashboard"),
    path("districts/<int:pk>/", views.district_dashboard, name="district_dashboard"),
    path("organizations/<int:pk>/", views.organization_dashboard, name="organization_dashboard"),
    path("educators/", views.educator_list, name="educator_list"),
    path("educators.xlsx", views.educator_list_xlsx, name="educator_list_xlsx"),
    path("breakdown.xlsx", views.breakdown_xlsx, name="breakdown_xlsx"),
    # forecast, report, own status, policies (planning_views.py)
    path("forecast/", planning_views.forecast, name="forecast"),
    path("forecast.xlsx", planning_views.forecast_xlsx, name="forecast_xlsx"),
    path("report.pdf", planning_views.report_pdf, name="report_pdf"),
    path("me/", planning_views.my_status, name="my_status"),
    path("policies/", planning_views.policy_list, name="policy_list"),
    path("policies/new/", planning_views.policy_create, name="policy_create"),
    path("policies/<int:pk>/", planning_views.policy_edit, name="policy_edit"),
]
