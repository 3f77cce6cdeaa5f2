from django.urls import path

from renkei.orders import views

app_name = "orders"
urlpatterns = [
    path("", views.rfq_list, name="rfq_list"),
    path("rfqs/new/", views.rfq_new, name="rfq_new"),
    path("rfqs/<int:rfq_id>/", views.rfq_detail, name="rfq_detail"),
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
]
