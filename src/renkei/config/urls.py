from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog

from renkei.api.api import api
from renkei.api.errors import not_found_view as api_not_found
from renkei.registry import views as registry_views

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

if settings.DEBUG:
    from django.conf.urls.static import static

    from renkei.orders.views import private_media

    # Order attachments are private: only ever streamed through /orders/attachments/<id>/.
    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}orders/", private_media)]
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
