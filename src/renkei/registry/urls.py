from django.urls import path

from renkei.registry import exporting, views
from renkei.registry.importing import views as import_views

app_name = "registry"
urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/export/", exporting.directory_export, name="directory_export"),
    path("registry/import/", import_views.registry_import, name="import"),
    path(
        "registry/import/<int:job_id>/", import_views.registry_import_result, name="import_result"
    ),
    path("registry/import/template/", import_views.import_template, name="import_template"),
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
