"""The admin API's documents (/admin/api/main/documents/) as the admin's own listing shows them.

Wagtail's endpoint hides only the collections whose view restriction the request fails, so any
signed-in editor (a school's editors among them) would read every other document's title and
download address. Here it lists what the document chooser offers: the documents of the
collections where the user may choose or change documents (or the own uploads where they may
add them).
"""

from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.permissions import policy_registry


class PermittedDocumentsAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        permitted = policy.instances_user_has_any_permission_for(
            self.request.user, ["choose", "change"]
        )
        return super().get_queryset().filter(pk__in=permitted.values("pk"))
