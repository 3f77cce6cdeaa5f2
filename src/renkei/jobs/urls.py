from django.urls import path

from renkei.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list_view, name="list"),
    path("<int:job_id>/", views.job_detail_view, name="detail"),
    path("demo/", views.job_demo_start_view, name="demo_start"),
]
