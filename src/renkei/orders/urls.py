from django.urls import path

from renkei.orders import firm_views, views

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
