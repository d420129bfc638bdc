"""The registration form on an event's page."""

from django import forms
from django.utils import timezone
from django.utils.html import format_html

from schools.models import School

from .models import Registration, RegistrationStatus
from .registration_flow import expired_pending

CONSENT_TEXT = "Я даю согласие на обработку моих персональных данных (152-ФЗ)"
ALREADY_REGISTERED = "С этим адресом на мероприятие уже зарегистрировались."


class RegistrationForm(forms.ModelForm):
    school = forms.ModelChoiceField(
        label="Школа из реестра",
        queryset=School.objects.select_related("municipality").order_by(
            "municipality__name", "short_name"
        ),
        required=False,
        empty_label="— нет в списке —",
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": "Без согласия на обработку данных зарегистрировать нельзя."},
    )
    # A honeypot: hidden from people (and screen readers), filled in by form-filling bots.
    website = forms.CharField(label="Сайт", required=False)

    class Meta:
        model = Registration
        fields = ["name", "email", "school", "organisation", "role"]
        labels = {
            "name": "Фамилия, имя, отчество",
            "email": "Электронная почта",
            "organisation": "Или название организации",
            "role": "Должность",
        }
        help_texts = {"role": "Например, учитель математики или заместитель директора по УВР"}

    def __init__(self, *args, event, privacy_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["school"].label_from_instance = lambda school: (
            f"{school.short_name} ({school.municipality.name})"
            if school.municipality_id
            else school.short_name
        )
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["role"].widget.attrs["autocomplete"] = "organization-title"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        if privacy_url:
            self.fields["consent"].help_text = format_html(
                '<a href="{}">Политика обработки персональных данных</a>', privacy_url
            )

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("website"))

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != "website"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        existing = (
            Registration.objects.filter(event=self.event, email=email)
            .exclude(status=RegistrationStatus.CANCELLED)
            # An expired request holds nothing: the address may register again.
            .exclude(pk__in=expired_pending(timezone.now()))
            .values_list("status", flat=True)
            .first()
        )
        if existing == RegistrationStatus.PENDING:
            raise forms.ValidationError(
                "На этот адрес уже отправлено письмо: перейдите по ссылке из него, "
                "чтобы подтвердить регистрацию."
            )
        if existing:
            raise forms.ValidationError(ALREADY_REGISTERED)
        return email

    def clean(self):
        data = super().clean()
        if not data.get("school") and not data.get("organisation"):
            self.add_error("organisation", "Выберите школу из реестра или укажите организацию.")
        return data

    def save(self, commit=True):
        self.instance.event = self.event
        return super().save(commit)
