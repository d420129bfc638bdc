"""Admin screens of an event's aftermath, for those who may edit the event page: the
attendance list with checkboxes, the platform report's import, the feedback and its XLSX."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View
from wagtail.admin import messages

from events.admin_views import EventEditorsMixin
from site_cms.exporting import XLSX_CONTENT_TYPE, download, xlsx_table
from site_cms.templatetags.russian_tags import ru_plural

from . import feedback, marking
from .certificates import has_ended
from .forms import ReportUploadForm
from .importing import parse_report
from .models import Feedback
from .rating import Rating, distribution
from .registrations import confirmed


def people(number):
    return f"{number} {ru_plural(number, 'участник,участника,участников')}"


class EventAdminMixin(EventEditorsMixin):
    """The aftermath screens link to each other."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            event=self.event,
            attendance_url=reverse("attendance_list", args=[self.event.pk]),
            import_url=reverse("attendance_import", args=[self.event.pk]),
            feedback_url=reverse("attendance_feedback", args=[self.event.pk]),
            xlsx_url=reverse("attendance_feedback_xlsx", args=[self.event.pk]),
            **kwargs,
        )


class AttendanceListView(EventAdminMixin, TemplateView):
    page_title = "Посещаемость"
    template_name = "attendance/admin/attendance_list.html"

    def get_context_data(self, **kwargs):
        registrations = list(
            confirmed(self.event)
            .select_related(
                "school", "attendance", "attendance__certificate", "attendance__feedback"
            )
            .order_by("name")
        )
        for registration in registrations:
            registration.mark = getattr(registration, "attendance", None)
        return super().get_context_data(
            registrations=registrations,
            present=sum(1 for registration in registrations if registration.mark),
            ended=has_ended(self.event),
            upload_form=ReportUploadForm(),
            **kwargs,
        )

    def post(self, request):
        ids = [value for value in request.POST.getlist("present") if value.isdigit()]
        marked = marking.mark(self.event, [int(value) for value in ids])
        messages.success(request, marked_message(marked))
        return redirect("attendance_list", self.event.pk)


def marked_message(marked):
    parts = [f"отмечено присутствующими: {marked.added}"]
    if marked.removed:
        parts.append(f"снята отметка: {marked.removed}")
    if marked.issued:
        parts.append(f"выдано сертификатов: {marked.issued}, они отправляются по почте")
    return "Посещаемость сохранена; " + "; ".join(parts) + "."


class AttendanceImportView(EventAdminMixin, TemplateView):
    page_title = "Импорт отчёта вебинарной платформы"
    template_name = "attendance/admin/attendance_import.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ReportUploadForm())
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = ReportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        parsed = parse_report(upload.name, upload.read(), list(confirmed(self.event)))
        if parsed.errors:
            return self.render_to_response(
                self.get_context_data(form=form, errors=parsed.errors, filename=upload.name)
            )
        marked = marking.import_report(self.event, parsed.present)
        messages.success(
            request,
            f"Отчёт «{upload.name}» загружен: в нём {people(len(parsed.present))}. "
            + marked_message(marked),
        )
        return redirect("attendance_list", self.event.pk)


class FeedbackView(EventAdminMixin, TemplateView):
    page_title = "Отзывы участников"
    template_name = "attendance/admin/feedback.html"

    def get_context_data(self, **kwargs):
        counts = feedback.score_counts(self.event)
        rating = Rating(sum(score * n for score, n in counts.items()), sum(counts.values()))
        return super().get_context_data(
            rating=rating,
            rows=distribution(counts),
            answers=Feedback.objects.filter(event=self.event).order_by("-submitted_at"),
            **kwargs,
        )


XLSX_HEADER = ["Получен", "Полезность (1–5)", "Что изменить", "Какие темы разобрать дальше"]


class FeedbackXlsxView(EventAdminMixin, View):
    def get(self, request):
        rows = [
            [
                timezone.localtime(answer.submitted_at).strftime("%d.%m.%Y %H:%M"),
                answer.usefulness,
                answer.to_change,
                answer.next_topics,
            ]
            for answer in Feedback.objects.filter(event=self.event).order_by("submitted_at")
        ]
        # Participants typed these texts: xlsx_table keeps a «=…» answer from running.
        content = xlsx_table([XLSX_HEADER, *rows], title="Отзывы")
        return download(content, XLSX_CONTENT_TYPE, f"otzyvy-{self.event.slug}.xlsx")
