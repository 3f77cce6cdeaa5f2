"""Attached drawings have no public address: the only way to a stored file is its gate, the
download view (``orders:attachment_download``), whatever the spelling of a path under the media
directory and with or without DEBUG.

The URL map is read once, at import, and used to add a media server under DEBUG (where
``/media//orders/attachments/…`` slipped past a guard in front of it); the fixture below
imports it again under each DEBUG setting, so what is tested is what ``renkei serve`` runs.
"""

from __future__ import annotations

import importlib
import uuid
from io import BytesIO
from urllib.parse import unquote_to_bytes

import pytest
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.wsgi import get_wsgi_application
from django.test import RequestFactory, override_settings
from django.urls import URLPattern, URLResolver, clear_url_caches, get_resolver, reverse
from django.views import static

import renkei.config.urls
from renkei.orders import services
from renkei.orders.models import AttachmentKind


def _reload_urls() -> None:
    importlib.reload(renkei.config.urls)
    clear_url_caches()


@pytest.fixture(params=[False, True], ids=["DEBUG-off", "DEBUG-on"])
def debug(request):
    with override_settings(DEBUG=request.param):
        _reload_urls()
        yield request.param
    _reload_urls()


def secret_pdf() -> tuple[SimpleUploadedFile, bytes]:
    """A PDF with a marker found in no page: whatever answers with it served the file."""
    marker = f"secret-drawing-{uuid.uuid4().hex}".encode()
    content = b"%PDF-1.4\n1 0 obj<<>>endobj\n%" + marker + b"\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile("図面A01.pdf", content, content_type="application/pdf"), marker


@pytest.fixture
def drawings(world, buyer, buyer2, member_a, firm_a, firm_b):
    """buyer2's drawing on its RFQ to firm_a only, and firm_a's own file on its submitted
    quote to buyer's RFQ; firm_b (member_b), a competitor on that RFQ, is party to neither."""
    rfq_file, rfq_marker = secret_pdf()
    quote_file, quote_marker = secret_pdf()
    rfq = services.rfq_create(
        actor=buyer,
        buyer=buyer.organization,
        title="カバー見積",
        lines=[{"description": "カバー", "quantity": 20}],
        recipients=[firm_a, firm_b],
    )
    line = rfq.lines.get()
    quote = services.quote_save_draft(
        actor=member_a,
        rfq=rfq,
        supplier=firm_a,
        prices={line: [(1, 900)]},
        attachments=[(quote_file, AttachmentKind.SPECIFICATION)],
    )
    services.quote_submit(actor=member_a, rfq=rfq, supplier=firm_a, prices={line: [(1, 900)]})
    return {
        "rfq": (services.attachment_add(actor=buyer2, rfq=world.rfq2, file=rfq_file), rfq_marker),
        "quote": (quote.attachments.get(), quote_marker),
    }


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def spellings(name: str) -> list[str]:
    """Addresses that name the stored file ``name`` (``orders/attachments/<uuid>/<file>``)
    under the media directory, spelt every way a server or a guard might read differently."""
    media = settings.MEDIA_URL.strip("/")
    encoded = name.replace("/", "%2F")
    return [
        f"/{media}/{name}",
        f"/{media}//{name}",
        f"/{media}///{name}",
        f"//{media}/{name}",
        f"/{media}/./{name}",
        f"/./{media}/{name}",
        f"/{media}/x/../{name}",
        f"/{media}/orders/../{name}",
        f"/static/../{media}/{name}",
        f"/static/..%2F{media}%2F{encoded}",
        f"/static/%2e%2e/{media}/{name}",
        f"/static//{name}",
        f"/{media}/%2F{name}",
        f"/{media}/{encoded}",
        f"/{media}%2F{encoded}",
        f"/{media}/%252F{name}",
        f"/{media}/%2e/{name}",
        f"/{media}/%2e%2e/{media}/{name}",
        f"/{media}\\{name}",
        f"/{media}/{name.replace('/', chr(92))}",
        f"/{media.upper()}/{name}",
        f"/{media.capitalize()}//{name}",
        f"/{media}/{name.upper()}",
        f"/{media}/{name}/",
        f"/{media}/{name}.",
        f"/{media}/{name}%20",
        f"/{media}/{name}%00",
        f"/{media}/{name}?download=1",
        f"/{media}/{name};x",
        f"/{media}/{name}#",
        f"/orders/{name}",
        f"/orders/attachments/../../{media}/{name}",
    ]


def _served_by_the_site(client, user, path: str) -> bytes:
    client.logout()
    if user is not None:
        client.force_login(user)
    return body(client.get(path, follow=True))


@pytest.mark.parametrize("who", ["anonymous", "member_b (another firm)"])
def test_no_spelling_of_a_media_path_serves_a_file(client, debug, drawings, member_b, who):
    user = None if who == "anonymous" else member_b
    for attachment, marker in drawings.values():
        for path in spellings(attachment.file.name):
            assert marker not in _served_by_the_site(client, user, path), path


def test_not_even_the_parties_get_a_file_by_its_media_path(client, debug, drawings, buyer2):
    """The media directory is no back door for those the gate would let in either: no
    second address means one place to check."""
    attachment, marker = drawings["rfq"]
    for path in spellings(attachment.file.name):
        assert marker not in _served_by_the_site(client, buyer2, path), path


def _wsgi_get(handler, path_info: str, query: str = "") -> tuple[str, bytes]:
    """One GET through a WSGI application, as a WSGI server hands it over."""
    environ = RequestFactory()._base_environ(
        PATH_INFO=path_info, QUERY_STRING=query, REQUEST_METHOD="GET"
    )
    answer = BytesIO()
    status: list[str] = []

    def start_response(code, headers, exc_info=None):
        status.append(code)
        return answer.write

    chunks = handler(environ, start_response)
    try:
        return status[0], answer.getvalue() + b"".join(chunks)
    finally:
        getattr(chunks, "close", lambda: None)()


def test_the_static_file_server_serves_no_media_either(debug, drawings, settings):
    """gunicorn (``make run``) and the development server (``make dev``) both run the WSGI
    application, whose whitenoise answers ``/static/…`` from the collected folder (and, under
    DEBUG, the source folders) before Django sees the request: none of them is the media
    directory, even beside it and even for ``/static/../media/…``."""
    settings.STATIC_ROOT = settings.MEDIA_ROOT.parent / "static"  # as var/static, var/media
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.STATIC_ROOT / "public.txt").write_text("public")
    handler = get_wsgi_application()
    # Else the test would prove nothing: whitenoise does serve the folder beside the media.
    assert _wsgi_get(handler, "/static/public.txt") == ("200 OK", b"public")
    for attachment, marker in drawings.values():
        for path in spellings(attachment.file.name):
            raw_path, _, query = path.partition("?")
            # As the WSGI server hands it over: percent-decoded, as ISO-8859-1.
            path_info = unquote_to_bytes(raw_path).decode("iso-8859-1")
            try:
                status, content = _wsgi_get(handler, path_info, query)
            except SuspiciousFileOperation:
                # ``/static/../media/…``: the static server refuses to leave its folders.
                continue
            assert marker not in content, (path, status)


def test_no_address_of_the_site_serves_a_directory(debug):
    """No ``django.views.static.serve`` (the media server) in the URL map, in any mode."""

    def views(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from views(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                yield pattern.callback

    assert static.serve not in list(views(get_resolver().url_patterns))


@pytest.mark.parametrize("which", ["rfq", "quote"])
def test_the_gate_still_serves_the_two_firms_of_the_deal(
    client, debug, drawings, world, which, buyer, buyer2, member_a, member_b, coordinator
):
    attachment, marker = drawings[which]
    parties = {"rfq": (buyer2, member_a), "quote": (member_a, buyer)}[which]
    outsiders = {"rfq": (member_b, buyer, coordinator), "quote": (member_b, coordinator)}[which]
    url = reverse("orders:attachment_download", args=[attachment.pk])
    for user in parties:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert marker in body(response)
        assert response.headers["Cache-Control"] == "private, no-store"
    for user in (*outsiders, None):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 404, user
        assert marker not in body(response)
