"""Seminar calendar: events, registration, ICS feeds."""
