"""The registration form on an event's page."""

from django import forms

from schools.models import School

from .models import Registration


class RegistrationForm(forms.ModelForm):
    school = forms.ModelChoiceField(
        label="Школа из реестра",
        queryset=School.objects.select_related("municipality").order_by(
            "municipality__name", "short_name"
        ),
        required=False,
        empty_label="— нет в списке —",
    )

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

    def __init__(self, *args, event, **kwargs):
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

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if Registration.objects.filter(event=self.event, email=email).exists():
            raise forms.ValidationError("С этим адресом на мероприятие уже зарегистрировались.")
        return email

    def clean(self):
        data = super().clean()
        if not data.get("school") and not data.get("organisation"):
            self.add_error("organisation", "Выберите школу из реестра или укажите организацию.")
        return data

    def save(self, commit=True):
        self.instance.event = self.event
        return super().save(commit)
