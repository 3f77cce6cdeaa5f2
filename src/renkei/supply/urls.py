from django.urls import path

from renkei.supply import views
from renkei.supply.importing import views as import_views

app_name = "supply"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("products/<int:item_id>/", views.product_map, name="product_map"),
    path("stress/", views.stress_start, name="stress_start"),
    path("stress/<int:job_id>/", views.stress_result, name="stress_result"),
    path("scenario/", views.scenario, name="scenario"),
    path("whatif/", views.whatif, name="whatif"),
    path("import/", import_views.supply_import, name="import"),
    path("import/<int:job_id>/", import_views.supply_import_result, name="import_result"),
    path("import/template/", import_views.import_template, name="import_template"),
]
