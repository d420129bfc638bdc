"""Signals of the schools app, for the apps that build on it."""

from django.dispatch import Signal

# Sent with ``school`` once provision_school has given the school its page, its editors'
# group and its collection, e.g. so that the bank of practices lets the group submit practices.
school_provisioned = Signal()
