"""The subjects' admin screens: an editable snippet list (levels are fixed by the law)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from site_cms.admin_russian import RussianViewSetMixin

from .models import Subject


class SubjectViewSet(RussianViewSetMixin, SnippetViewSet):
    model = Subject
    add_label = "Добавить учебный предмет"
    count_forms = "учебный предмет,учебных предмета,учебных предметов"


register_snippet(SubjectViewSet)
