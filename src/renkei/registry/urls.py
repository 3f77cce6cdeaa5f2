from django.urls import path

from renkei.registry import views

app_name = "registry"
urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path(
        "firms/<int:organization_id>/", views.organization_detail_view, name="organization_detail"
    ),
    path("firms/<int:organization_id>/edit/", views.organization_edit, name="organization_edit"),
    path(
        "firms/<int:organization_id>/<str:kind>/new/",
        views.child_edit,
        name="child_create",
    ),
    path(
        "firms/<int:organization_id>/<str:kind>/<int:object_id>/edit/",
        views.child_edit,
        name="child_edit",
    ),
    path(
        "firms/<int:organization_id>/<str:kind>/<int:object_id>/delete/",
        views.child_delete,
        name="child_delete",
    ),
]
