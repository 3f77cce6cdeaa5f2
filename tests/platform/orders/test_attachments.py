"""Attached files: what is accepted, who may download them (everyone else gets 404), the
Japanese file name in the download, and removal by the uploading firm only (no address but
the gate serves a file: test_private_media.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renkei.orders import services
from renkei.orders.files import MAX_BYTES
from renkei.orders.models import Attachment, AttachmentKind, QuoteStatus, Rfq, RfqStatus

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "drawing.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def download(client, user, attachment):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(reverse("orders:attachment_download", args=[attachment.pk]))


@pytest.fixture
def rfq3(buyer, firm_a, firm_b):
    """A third RFQ of the buyer to both firms, still unanswered."""
    return services.rfq_create(
        actor=buyer,
        buyer=buyer.organization,
        title="カバー見積",
        lines=[{"description": "カバー", "quantity": 20}],
        recipients=[firm_a, firm_b],
    )


# --- what is accepted -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("setup.exe", b"MZ\x90\x00"), "attachment_type"),
        (SimpleUploadedFile("noextension", b"%PDF-1.4"), "attachment_type"),
        (SimpleUploadedFile("fake.pdf", b"<html>not a pdf</html>"), "attachment_type"),
        (SimpleUploadedFile("empty.dxf", b""), "attachment_empty"),
        (pdf("huge.pdf", PDF + b"0" * (MAX_BYTES - len(PDF) + 1)), "attachment_too_large"),
    ],
    ids=["exe", "no-extension", "pdf-that-is-not", "empty", "over-20MB"],
)
def test_refused_files_write_nothing(world, buyer, upload, code):
    with pytest.raises(ValidationError) as refused:
        services.attachment_add(actor=buyer, rfq=world.rfq1, file=upload)
    assert refused.value.error_list[0].code == code
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_one_bad_file_among_several_on_a_new_rfq_creates_nothing(buyer, firm_a):
    with pytest.raises(ValidationError) as refused:
        services.rfq_create(
            actor=buyer,
            buyer=buyer.organization,
            title="見積",
            lines=[{"description": "部品", "quantity": 1}],
            recipients=[firm_a],
            attachments=[(pdf("a.pdf"), "drawing"), (SimpleUploadedFile("b.txt", b"x"), "other")],
        )
    assert refused.value.error_list[0].code == "attachment_type"
    assert not Rfq.objects.exists() and not Attachment.objects.exists()
    assert stored_files() == []


def test_engineering_formats_are_accepted_with_a_content_type_from_the_extension(world, buyer):
    cases = {
        "part.STEP": (b"ISO-10303-21;\nHEADER;", "model/step"),
        "part.igs": (
            b"                                                                        S",
            "model/iges",
        ),
        "plan.dxf": (b"0\nSECTION\n2\nHEADER", "image/vnd.dxf"),
        "photo.jpg": (b"\xff\xd8\xff\xe0JFIF", "image/jpeg"),
        "list.xlsx": (
            b"PK\x03\x04rest",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    }
    for name, (content, content_type) in cases.items():
        upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        attachment = services.attachment_add(actor=buyer, rfq=world.rfq1, file=upload)
        assert attachment.content_type == content_type
        assert attachment.size == len(content)
    assert len(stored_files()) == len(cases)


def test_page_refuses_a_bad_file_with_a_japanese_message_and_keeps_nothing(client, buyer, firm_a):
    client.force_login(buyer)
    response = client.post(
        reverse("orders:rfq_new"),
        {
            "title": "見積",
            "line1_description": "部品",
            "line1_quantity": "5",
            "recipients": [firm_a.pk],
            "files": [SimpleUploadedFile("virus.exe", b"MZ")],
        },
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert response.status_code == 422
    assert "この種類のファイルは受け付けていません" in response.content.decode()
    assert not Rfq.objects.exists() and stored_files() == []


# --- stored safely, downloaded through the gate -----------------------------------------------


def test_japanese_name_is_kept_for_display_and_download_but_stored_safely(
    client, world, buyer, member_a
):
    name = "図面_ブラケット-A01 改訂.pdf"
    attachment = services.attachment_add(actor=buyer, rfq=world.rfq1, file=pdf(name))
    attachment.refresh_from_db()
    assert attachment.original_name == name
    assert attachment.file.name == f"orders/attachments/{attachment.uuid}/A01.pdf"
    assert attachment.owner == buyer.organization and attachment.uploaded_by == buyer
    assert len(attachment.sha256) == 64 and attachment.size == len(PDF)
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 — no public URL, ever

    response = download(client, member_a, attachment)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote(name, safe='')}" in disposition
    assert 'filename="A01.pdf"' in disposition
    assert response.headers["Content-Type"] == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]
    # The detail page links to the gate, never to the media directory.
    client.force_login(buyer)
    page = client.get(reverse("orders:rfq_detail", args=[world.rfq1.pk])).content.decode()
    assert name in page and settings.MEDIA_URL not in page
    assert reverse("orders:attachment_download", args=[attachment.pk]) in page


def test_rfq_drawing_download_by_role(
    client, world, buyer, buyer2, member_a, member_b, coordinator
):
    # buyer2's RFQ went to firm_a only.
    drawing = services.attachment_add(actor=buyer2, rfq=world.rfq2, file=pdf())
    expected = {
        "buyer2 (its buyer)": (buyer2, 200),
        "member_a (recipient)": (member_a, 200),
        "buyer (another buyer)": (buyer, 404),
        "member_b (not a recipient)": (member_b, 404),
        "coordinator": (coordinator, 404),
        "anonymous": (None, 404),
    }
    got = {who: download(client, user, drawing).status_code for who, (user, _) in expected.items()}
    assert got == {who: status for who, (_, status) in expected.items()}


def test_drawings_of_an_unsent_rfq_are_the_buyers_only(client, buyer, member_a, firm_a):
    rfq = services.rfq_create(
        actor=buyer,
        buyer=buyer.organization,
        title="下書きの見積依頼",
        lines=[{"description": "部品", "quantity": 1}],
        recipients=[firm_a],
        send=False,
        attachments=[(pdf(), AttachmentKind.DRAWING)],
    )
    drawing = rfq.attachments.get()
    assert download(client, buyer, drawing).status_code == 200
    assert download(client, member_a, drawing).status_code == 404


def test_quote_file_hidden_while_draft_and_from_competitors(
    client, rfq3, buyer, buyer2, member_a, member_b, coordinator
):
    line = rfq3.lines.get()
    draft = services.quote_save_draft(
        actor=member_a,
        rfq=rfq3,
        supplier=member_a.organization,
        prices={line: [(1, 900)]},
        attachments=[(pdf("見積根拠.pdf"), AttachmentKind.SPECIFICATION)],
    )
    own = draft.attachments.get()
    assert own.owner == member_a.organization and own.kind == AttachmentKind.SPECIFICATION
    while_draft = {u.username: download(client, u, own).status_code for u in (member_a, buyer)}
    assert while_draft == {"member_a": 200, "buyer1": 404}

    services.quote_submit(
        actor=member_a, rfq=rfq3, supplier=member_a.organization, prices={line: [(1, 900)]}
    )
    after = {
        u.username: download(client, u, own).status_code
        for u in (member_a, buyer, member_b, buyer2, coordinator)
    }
    assert after == {
        "member_a": 200,
        "buyer1": 200,
        "member_b": 404,  # a competitor on the same RFQ
        "buyer2": 404,
        "coord": 404,
    }
    assert download(client, None, own).status_code == 404


def test_buyer_does_not_see_files_of_a_declined_quote(client, rfq3, buyer, member_b):
    line = rfq3.lines.get()
    draft = services.quote_save_draft(
        actor=member_b,
        rfq=rfq3,
        supplier=member_b.organization,
        prices={line: [(1, 1)]},
        attachments=[(pdf(), AttachmentKind.OTHER)],
    )
    services.quote_decline(actor=member_b, rfq=rfq3, supplier=member_b.organization)
    assert download(client, buyer, draft.attachments.get()).status_code == 404


# --- who may add and remove --------------------------------------------------------------------


def test_only_the_firm_itself_attaches(world, buyer2, member_a, coordinator):
    for outsider in (buyer2, member_a, coordinator):
        with pytest.raises(PermissionDenied):
            services.attachment_add(actor=outsider, rfq=world.rfq1, file=pdf())
    # A submitted quote takes no more files.
    with pytest.raises(ValidationError) as refused:
        services.attachment_add(actor=member_a, quote=world.quote_a, file=pdf())
    assert refused.value.error_list[0].code == "quote_already_answered"
    assert not Attachment.objects.exists()


def test_removal_by_the_uploader_while_open_only(client, world, buyer, member_a, coordinator):
    drawing = services.attachment_add(actor=buyer, rfq=world.rfq1, file=pdf())
    for other in (member_a, coordinator):
        client.force_login(other)
        response = client.post(reverse("orders:attachment_delete", args=[drawing.pk]))
        assert response.status_code in (403, 404)
    assert Attachment.objects.filter(pk=drawing.pk).exists()

    client.force_login(buyer)
    with django_capture_on_commit():
        response = client.post(reverse("orders:attachment_delete", args=[drawing.pk]))
    assert response.status_code == 302
    assert not Attachment.objects.exists() and stored_files() == []

    closed = services.attachment_add(actor=buyer, rfq=world.rfq1, file=pdf())
    Rfq.objects.filter(pk=world.rfq1.pk).update(status=RfqStatus.CLOSED)
    closed.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.attachment_delete(actor=buyer, attachment=closed)


def test_supplier_removes_a_file_of_its_draft_but_not_once_submitted(rfq3, member_a):
    line = rfq3.lines.get()
    quote = services.quote_save_draft(
        actor=member_a,
        rfq=rfq3,
        supplier=member_a.organization,
        prices={},
        attachments=[(pdf("a.pdf"), "other"), (pdf("b.pdf"), "other")],
    )
    first, second = quote.attachments.all()
    services.attachment_delete(actor=member_a, attachment=first)
    assert list(quote.attachments.all()) == [second]
    services.quote_submit(
        actor=member_a, rfq=rfq3, supplier=member_a.organization, prices={line: [(1, 5)]}
    )
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.SUBMITTED
    second.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.attachment_delete(actor=member_a, attachment=second)


def django_capture_on_commit():
    """The file leaves the disk on commit; the test transaction never commits, so run the
    on-commit callbacks as they are registered."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_the_buyer_adds_drawings_to_a_sent_rfq_and_its_suppliers_get_them(
    client, buyer, buyer2, member_a, rfq3
):
    url = reverse("orders:rfq_attach", args=[rfq3.pk])
    client.force_login(buyer)
    done = client.post(url, {"files": [pdf("改訂図面 B.pdf")], "file_kind": "drawing"})
    assert done.status_code == 302
    added = Attachment.objects.get(rfq=rfq3, original_name="改訂図面 B.pdf")
    assert download(client, member_a, added).status_code == 200
    # A refused file (and an empty form) keeps nothing and says why.
    before = Attachment.objects.count()
    client.force_login(buyer)
    bad = client.post(url, {"files": [SimpleUploadedFile("macro.exe", b"MZ")]})
    assert bad.status_code == 422 and "macro.exe" in bad.content.decode()
    empty = client.post(url, {})
    assert empty.status_code == 422 and "ファイルを選んでください" in empty.content.decode()
    assert Attachment.objects.count() == before
    # Only the buyer adds files: the recipient is refused, another buyer does not see it.
    client.force_login(member_a)
    assert client.post(url, {"files": [pdf()]}).status_code == 403
    client.force_login(buyer2)
    assert client.post(url, {"files": [pdf()]}).status_code == 404
    assert Attachment.objects.count() == before


def test_no_drawing_is_added_to_a_closed_rfq(buyer, rfq3):
    rfq3.status = RfqStatus.CLOSED
    rfq3.save()
    with pytest.raises(ValidationError) as refused:
        services.rfq_attach(actor=buyer, rfq=rfq3, attachments=[(pdf(), "drawing")])
    assert refused.value.error_list[0].code == "rfq_closed"
    assert not Attachment.objects.filter(rfq=rfq3).exists()
