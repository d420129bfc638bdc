"""The page form of the portal: what a chooser would not offer cannot be typed in either.

Wagtail's document and image choosers list only the collections where the user may «choose»,
but the edit form takes any id it is sent. ``PortalPageForm`` refuses a document or an image
that the user could not have chosen — in a field, an inline row, a StreamField block or a
rich-text link — unless the page already had it (an institute's editor may have put it there).
Page types that a school's editors edit take this form as their ``base_form_class``.
"""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import StreamBlockValidationError
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.permissions import policy_registry

# The kinds of objects a chooser scopes by collection: the policy's model, the error.
SCOPED = (
    (
        AbstractDocument,
        get_document_model,
        "Документ № %(pk)s вам недоступен: выберите документ из своих коллекций.",
    ),
    (
        AbstractImage,
        get_image_model,
        "Изображение № %(pk)s вам недоступно: выберите изображение из своих коллекций.",
    ),
)


def field_references(model_field, value):
    """(model, pk) of every object that a value of ``model_field`` refers to."""
    if value is None:
        return
    if model_field.many_to_one or model_field.one_to_one:
        yield model_field.related_model, str(getattr(value, "pk", value))
    elif model_field.many_to_many:
        for item in value:
            yield model_field.related_model, str(getattr(item, "pk", item))
    elif hasattr(model_field, "extract_references"):  # StreamField, RichTextField
        for model, pk, _, _ in model_field.extract_references(value):
            yield model, str(pk)


def refused_references(user, references):
    """{(model, pk): message} of the references to documents and images outside the
    collections where the user may choose."""
    refused = {}
    for base, scoped_model, message in SCOPED:
        policy = policy_registry.get_by_type(scoped_model())
        collections = policy.collections_user_has_any_permission_for(user, ["choose"])
        for model in {model for model, _ in references if issubclass(model, base)}:
            pks = {pk for other, pk in references if other is model}
            # A forged id may not even be a number: never a choosable one.
            numbers = {pk for pk in pks if pk.isdigit()}
            allowed = model.objects.filter(pk__in=numbers, collection__in=collections)
            allowed = {str(pk) for pk in allowed.values_list("pk", flat=True)}
            refused |= {(model, pk): message % {"pk": pk} for pk in pks - allowed}
    return refused


class ScopedChoosersMixin:
    """Refuse, on the field, a chosen document or image the user may not choose."""

    def is_valid(self):
        valid = super().is_valid()  # the form and its inline rows are cleaned now
        if self.for_user is None or getattr(self, "_choosers_checked", False):
            return valid
        self._choosers_checked = True
        had = {ref for _, _, _, refs in self._chooser_values("initial") for ref in refs}
        values = list(self._chooser_values("cleaned_data"))
        new = {ref for _, _, _, refs in values for ref in refs} - had
        refused = refused_references(self.for_user, new) if new else {}
        for form, name, model_field, refs in values:
            messages = [refused[ref] for ref in refs if ref in refused]
            if messages:
                valid = False
                if isinstance(model_field, StreamField):
                    # A StreamField shows errors of this kind only.
                    errors = StreamBlockValidationError(non_block_errors=messages)
                else:
                    errors = ValidationError(messages)
                form.add_error(name, errors)
        return valid

    def _chooser_values(self, source):
        """(form, name, model field, references) for each field of the form and of its inline
        rows, from the values the form started with or those it was sent."""
        forms = [self]
        for formset in self.formsets.values():
            deleted = set(formset.deleted_forms)
            forms += [form for form in formset.forms if form not in deleted]
        for form in forms:
            values = getattr(form, source, {})
            for name in form.fields:
                try:
                    model_field = form._meta.model._meta.get_field(name)
                except FieldDoesNotExist:
                    continue
                if name in values:
                    refs = set(field_references(model_field, values[name]))
                    yield form, name, model_field, refs


class PortalPageForm(ScopedChoosersMixin, WagtailAdminPageForm):
    pass
