from django.urls import path

from cheber.compliance.views import dashboards, planning

app_name = "compliance"
urlpatterns = [
    # dashboards: national → oblast → district → organization → person (views/dashboards.py)
    path("", dashboards.dashboard, name="dashboard"),
    path("oblasts/<int:pk>/", dashboards.region_dashboard, name="region_dashboard"),
    path("districts/<int:pk>/", dashboards.district_dashboard, name="district_dashboard"),
    path(
        "organizations/<int:pk>/", dashboards.organization_dashboard, name="organization_dashboard"
    ),
    path("educators/", dashboards.educator_list, name="educator_list"),
    path("educators.xlsx", dashboards.educator_list_xlsx, name="educator_list_xlsx"),
    path("breakdown.xlsx", dashboards.breakdown_xlsx, name="breakdown_xlsx"),
    # forecast, report, own status, policies (views/planning.py)
    path("forecast/", planning.forecast, name="forecast"),
    path("forecast.xlsx", planning.forecast_xlsx, name="forecast_xlsx"),
    path("report.pdf", planning.report_pdf, name="report_pdf"),
    path("me/", planning.my_status, name="my_status"),
    path("policies/", planning.policy_list, name="policy_list"),
    path("policies/new/", planning.policy_create, name="policy_create"),
    path("policies/<int:pk>/", planning.policy_edit, name="policy_edit"),
]
