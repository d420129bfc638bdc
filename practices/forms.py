"""Admin forms of the bank: the practice page form and the experts' workflow forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from schools.models import School
from schools.permissions import own_schools
from site_cms.forms import PortalPageForm

from .permissions import edits_whole_bank


class PracticePageForm(PortalPageForm):
    """A school editor names only one of the own schools; the only one is chosen for them.

    The school the practice already names stays a valid choice: an expert reviewing it edits
    the practice without being any school's editor.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("school")
        bank = self.parent_page or self.instance.get_parent()
        if field is None or self.for_user is None or edits_whole_bank(self.for_user, bank):
            return
        own = own_schools(self.for_user)
        field.queryset = own | School.objects.filter(pk=self.instance.school_id)
        schools = list(own[:2])
        if self.instance.school_id is None and len(schools) == 1:
            self.initial["school"] = schools[0].pk


class ConclusionForm(forms.Form):
    """Approval in «Экспертиза практики»: the text becomes the practice's expert conclusion."""

    comment = forms.CharField(
        label=_("Экспертное заключение"),
        help_text=_("Будет опубликовано на странице практики с сегодняшней датой."),
        widget=forms.Textarea({"rows": 5}),
    )


class RequestChangesForm(forms.Form):
    """Sending a practice back: the school's editors see the comment in the editor."""

    comment = forms.CharField(label=_("Что нужно доработать"), widget=forms.Textarea({"rows": 5}))
