from django.urls import path

from renkei.supply.importing import views as import_views

app_name = "supply"
urlpatterns = [
    path("import/", import_views.supply_import, name="import"),
    path("import/template/", import_views.import_template, name="import_template"),
]
