"""The QCD pages. Mounted under ``/orders/`` (``config/urls.py``): their addresses are those
they had inside the orders app; their names are in the ``qcd:`` namespace."""

from django.urls import path

from renkei.qcd import scorecard_views, views

app_name = "qcd"
urlpatterns = [
    path("scorecards/", scorecard_views.scorecard_list, name="scorecard_list"),
    path("scorecards/criteria/", scorecard_views.scorecard_criteria, name="scorecard_criteria"),
    path("scorecards/export.xlsx", scorecard_views.scorecard_export, name="scorecard_export"),
    path(
        "scorecards/<int:supplier_id>/",
        scorecard_views.scorecard_detail,
        name="scorecard_detail",
    ),
    path(
        "scorecards/<int:supplier_id>/scorecard.pdf",
        scorecard_views.scorecard_pdf_download,
        name="scorecard_pdf",
    ),
    path("qcd/standing/", scorecard_views.qcd_standing, name="qcd_standing"),
    path("qcd/aggregates/", scorecard_views.qcd_aggregates, name="qcd_aggregates"),
    path("qcd/", views.qcd_list, name="qcd_list"),
    path("qcd/sharing/", views.qcd_sharing, name="qcd_sharing"),
    path("qcd/<int:org_id>/", views.qcd_sheet_page, name="qcd_sheet"),
    path("qcd/<int:org_id>/sheet.xlsx", views.qcd_sheet_xlsx, name="qcd_sheet_xlsx"),
    path("qcd/<int:org_id>/sheet.pdf", views.qcd_sheet_pdf, name="qcd_sheet_pdf"),
]
