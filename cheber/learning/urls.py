from django.urls import path

app_name = "learning"
urlpatterns = [
    # assessment
]
