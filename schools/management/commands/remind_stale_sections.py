"""E-mail the editors of every school whose «Повышение качества образования» section is stale.

Safe to run daily: a school reminded within SCHOOL_SECTION_REMINDER_INTERVAL_DAYS calendar days
is skipped, and a reminder is recorded once its e-mail is queued for the task worker, which
retries a refused delivery (site_cms/mail.py).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.utils import timezone

from schools.freshness import days_ru, section_freshness
from schools.models import SectionReminder
from site_cms.absolute_urls import admin_base_url


def positive_int(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def stale_sections_by_school(rows):
    schools = defaultdict(list)
    for row in rows:
        if row.is_stale:
            schools[row.school_id].append(row)
    return schools


def recent_reminder_start(now, interval_days):
    """The start of the local day from which a reminder counts as recent.

    Comparing calendar days keeps a daily run at a slightly earlier hour from postponing the
    next reminder by a whole day.
    """
    first_day = timezone.localdate(now) - timedelta(days=interval_days - 1)
    return timezone.make_aware(datetime.combine(first_day, time.min))


def recently_reminded(school_ids, since):
    reminders = SectionReminder.objects.filter(school__in=school_ids, sent_at__gte=since)
    return set(reminders.values_list("school_id", flat=True))


def editor_emails(school_ids):
    """Addresses of the active members of each school's editors' group."""
    members = (
        get_user_model()
        .objects.filter(is_active=True, groups__school__in=school_ids)
        .exclude(email="")
        .values_list("groups__school", "email")
    )
    emails = defaultdict(set)
    for school_id, email in members:
        emails[school_id].add(email)
    return {school_id: sorted(addresses) for school_id, addresses in emails.items()}


@dataclass
class ReminderPlan:
    """Stale schools, each with its stale sections: to remind, reminded lately, no one to tell."""

    due: list = field(default_factory=list)  # (sections, recipients)
    skipped: list = field(default_factory=list)
    without_editors: list = field(default_factory=list)


def plan_reminders(now, stale_after_days, interval_days):
    stale = stale_sections_by_school(section_freshness(now, stale_after_days))
    reminded = recently_reminded(stale, recent_reminder_start(now, interval_days))
    emails = editor_emails(stale.keys() - reminded)
    plan = ReminderPlan()
    for school_id, sections in stale.items():
        if school_id in reminded:
            plan.skipped.append(sections)
        elif school_id in emails:
            plan.due.append((sections, emails[school_id]))
        else:
            plan.without_editors.append(sections)
    return plan


def reminder_message(sections, recipients, stale_after_days):
    context = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "admin_base_url": admin_base_url(),
        "school_name": sections[0].school_name,
        "municipality_name": sections[0].municipality_name,
        "sections": sections,
        "stale_after": days_ru(stale_after_days),
        "reminder_interval": days_ru(settings.SCHOOL_SECTION_REMINDER_INTERVAL_DAYS),
    }
    subject = render_to_string("schools/email/stale_section_subject.txt", context)
    body = render_to_string("schools/email/stale_section_body.txt", context)
    return EmailMessage(" ".join(subject.split()), body, to=recipients)


def send_reminders(due, stale_after_days, now):
    """Queue each school its e-mail, recording the reminder as soon as the e-mail is queued."""
    with get_connection() as connection:
        for sections, recipients in due:
            message = reminder_message(sections, recipients, stale_after_days)
            connection.send_messages([message])
            SectionReminder.objects.create(
                school_id=sections[0].school_id, sent_at=now, recipients=", ".join(recipients)
            )


class Command(BaseCommand):
    help = (
        "Напоминает редакторам школ по e-mail об устаревших разделах "
        "«Повышение качества образования»; не чаще раза в "
        "SCHOOL_SECTION_REMINDER_INTERVAL_DAYS дней на школу."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Только показать, кому ушли бы письма: ничего не отправлять и не записывать.",
        )
        parser.add_argument(
            "--days",
            type=positive_int,
            help="Считать устаревшим раздел, не обновлявшийся больше N дней "
            "(по умолчанию SCHOOL_SECTION_STALE_DAYS).",
        )

    def handle(self, *args, dry_run, days, verbosity, **options):
        now = timezone.now()
        stale_after_days = days or settings.SCHOOL_SECTION_STALE_DAYS
        interval_days = settings.SCHOOL_SECTION_REMINDER_INTERVAL_DAYS
        plan = plan_reminders(now, stale_after_days, interval_days)
        if dry_run or verbosity >= 2:
            self.show_details(plan)
        if not dry_run:
            send_reminders(plan.due, stale_after_days, now)
        outcome = "Пробный запуск, письма не отправлены. Напомнили бы" if dry_run else "Напомнили"
        self.stdout.write(
            f"{outcome} школам: {len(plan.due)}. "
            f"Пропущено (напоминали в последние {days_ru(interval_days)}): {len(plan.skipped)}. "
            f"Без редакторов с e-mail: {len(plan.without_editors)}."
        )

    def show_details(self, plan):
        for sections, recipients in plan.due:
            self.stdout.write(f"{sections[0].school_name}: {', '.join(recipients)}")
        for sections in plan.without_editors:
            self.stdout.write(
                self.style.WARNING(f"{sections[0].school_name}: нет редакторов с e-mail")
            )
