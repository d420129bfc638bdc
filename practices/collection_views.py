"""Downloads of a collection's PDF: the published book for visitors, a draft's for editors."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from .collection import collection_contents, collection_practices
from .collection_files import live_pdf
from .collection_pdf import render_pdf
from .models import PracticeCollectionPage


def pdf_response(pdf, filename, *, as_attachment):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["Content-Length"] = str(len(pdf))
    return response


def download(collection, request):
    """The live collection's PDF (Wagtail serves only live pages, so a draft is a 404)."""
    contents = collection_contents(collection)
    if not contents:
        raise Http404("В сборнике нет опубликованных практик.")
    pdf = live_pdf(collection, contents, request)
    return pdf_response(pdf, f"{collection.slug}.pdf", as_attachment=True)


def draft_preview(request, page_id):
    """The latest revision typeset afresh, for editors in the admin; never stored."""
    page = get_object_or_404(PracticeCollectionPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    draft = page.get_latest_revision_as_object()
    pdf = render_pdf(draft, collection_practices(draft), request)
    return pdf_response(pdf, f"{draft.slug}-predprosmotr.pdf", as_attachment=False)
