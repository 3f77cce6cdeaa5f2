from django.urls import path

from renkei.orders import firm_views, qcd_views, scorecard_views, views

app_name = "orders"
urlpatterns = [
    path("", views.rfq_list, name="rfq_list"),
    path("rfqs/new/", views.rfq_new, name="rfq_new"),
    path("rfqs/<int:rfq_id>/", views.rfq_detail, name="rfq_detail"),
    path("rfqs/<int:rfq_id>/attach/", views.rfq_attach, name="rfq_attach"),
    path("rfqs/<int:rfq_id>/quote/", views.rfq_quote, name="rfq_quote"),
    path(
        "rfqs/<int:rfq_id>/quotes/<int:quote_id>/order/", views.po_from_quote, name="po_from_quote"
    ),
    path("rfqs/<int:rfq_id>/award/", views.rfq_award, name="rfq_award"),
    path("quotes/<int:quote_id>/", views.quote_detail, name="quote_detail"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment_download"),
    path(
        "attachments/<int:attachment_id>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("pos/", views.po_list, name="po_list"),
    path("pos/<int:po_id>/", views.po_detail, name="po_detail"),
    path("pos/<int:po_id>/lines/<int:line_id>/receipts/", views.receipt_new, name="receipt_new"),
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
    path("qcd/", qcd_views.qcd_list, name="qcd_list"),
    path("qcd/sharing/", qcd_views.qcd_sharing, name="qcd_sharing"),
    path("qcd/<int:org_id>/", qcd_views.qcd_sheet_page, name="qcd_sheet"),
    path("qcd/<int:org_id>/sheet.xlsx", qcd_views.qcd_sheet_xlsx, name="qcd_sheet_xlsx"),
    path("qcd/<int:org_id>/sheet.pdf", qcd_views.qcd_sheet_pdf, name="qcd_sheet_pdf"),
    # A firm's own records: daily reports, the outsourcing table, agreed prices.
    path("daily/", firm_views.daily_month, name="daily_month"),
    path("daily/new/", firm_views.daily_new, name="daily_new"),
    path("daily/row/", firm_views.daily_entry_row, name="daily_entry_row"),
    path("daily/export/", firm_views.daily_export, name="daily_export"),
    path("daily/<int:report_id>/", firm_views.daily_edit, name="daily_edit"),
    path("daily/<int:report_id>/delete/", firm_views.daily_delete, name="daily_delete"),
    path("outsourcing/", firm_views.outsourcing, name="outsourcing"),
    path("outsourcing/export/", firm_views.outsourcing_export, name="outsourcing_export"),
    path("prices/", firm_views.price_list, name="price_list"),
    path("prices/<int:revision_id>/", firm_views.price_detail, name="price_detail"),
]
