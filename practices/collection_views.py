"""Downloads of a collection's PDF: the published book for visitors, a draft's for editors."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header

from .collection import collection_contents, collection_practices
from .collection_files import stored_pdf, stored_size
from .models import PracticeCollectionPage
from .tasks import request_build

PREPARING = "Сборник в PDF готовится, загляните через несколько минут."
RETRY_AFTER_SECONDS = 120


def pdf_response(pdf, filename, *, as_attachment):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["Content-Length"] = str(len(pdf))
    return response


def ready_size(collection, contents):
    """The size of the live collection's PDF, or None while it is being built (a build is
    then asked for)."""
    size = stored_size(collection, contents)
    if size is None:
        request_build(collection, contents)
    return size


def download(collection, request):
    """The live collection's PDF (Wagtail serves only live pages, so a draft is a 404), or,
    while the worker builds it, a page that says so: 503 with Retry-After, never cached."""
    contents = collection_contents(collection)
    if not contents:
        raise Http404("В сборнике нет опубликованных практик.")
    pdf = stored_pdf(collection, contents)
    if pdf is None:
        request_build(collection, contents)
        response = TemplateResponse(
            request,
            "practices/collection_pdf_preparing.html",
            {"page": collection, "message": PREPARING},
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return pdf_response(pdf, f"{collection.slug}.pdf", as_attachment=True)


def draft_preview(request, page_id):
    """The latest revision typeset afresh, for editors in the admin; never stored."""
    page = get_object_or_404(PracticeCollectionPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    draft = page.get_latest_revision_as_object()
    from .collection_pdf import render_pdf  # WeasyPrint, imported when used (collection_files)

    pdf = render_pdf(draft, collection_practices(draft))
    return pdf_response(pdf, f"{draft.slug}-predprosmotr.pdf", as_attachment=False)
