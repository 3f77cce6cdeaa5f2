from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog

from renkei.api.api import api
from renkei.api.errors import not_found_view as api_not_found
from renkei.registry import views as registry_views

# 404 and 403 are Django's handlers with our 404.html and 403.html (403_csrf.html for a form
# refused by the CSRF check): they render with the request, so in the visitor's language.
handler400 = "renkei.common.views.bad_request"
handler500 = "renkei.common.busy.server_error"

urlpatterns = [
    path("", registry_views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("renkei.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/", api_not_found),  # unknown API addresses: problem+json, not HTML
    path("jobs/", include("renkei.jobs.urls")),
    path("supply/", include("renkei.supply.urls")),
    path("orders/", include("renkei.orders.urls")),
    # The QCD pages keep their addresses under /orders/ (scorecards/, qcd/).
    path("orders/", include("renkei.qcd.urls")),
    path("", include("renkei.registry.urls")),
]

# No address serves MEDIA_ROOT, in any mode: it holds private files only (the drawings and
# specifications attached to RFQs and quotes), each streamed through its gate
# (``orders:attachment_download``). A media server with a guard in front of it would be one
# more thing to spell right (``/media//orders/…`` once slipped past such a guard).
