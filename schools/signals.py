"""Signals of the schools app, for the apps that build on it; the registry rows that make the
page cache stale."""

from django.dispatch import Signal

# Sent with ``school`` once provision_school has given the school its page, its editors'
# group and its collection, e.g. so that the bank of practices lets the group submit practices.
school_provisioned = Signal()


def connect():
    from site_cms.signals import refresh_on_change

    from .models import (
        Municipality,
        NetworkPair,
        School,
        SchoolContext,
        SchoolStatus,
        SimilarSchoolsSettings,
    )

    # School pages and the «Школы» list show these rows; the context and its bands make the
    # groups of similar schools that school pages compare with.
    refresh_on_change(
        Municipality, School, SchoolStatus, NetworkPair, SchoolContext, SimilarSchoolsSettings
    )
