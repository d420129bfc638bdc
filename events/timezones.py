"""Time zones an event may be held in, and how a time names its zone: «МСК», «МСК+2».

Pure. Russians name zones by their offset from Moscow time, as timetables and invitations do;
the site's own zone (settings.TIME_ZONE, Moscow) reads «МСК».
"""

import datetime
import zoneinfo

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")

# The zones of Russia's regions, west to east: an editor picks one for a regional event.
ZONES = [
    ("Europe/Kaliningrad", "Калининград (МСК−1)"),
    ("Europe/Moscow", "Москва (МСК)"),
    ("Europe/Samara", "Самара (МСК+1)"),
    ("Asia/Yekaterinburg", "Екатеринбург (МСК+2)"),
    ("Asia/Omsk", "Омск (МСК+3)"),
    ("Asia/Krasnoyarsk", "Красноярск (МСК+4)"),
    ("Asia/Irkutsk", "Иркутск (МСК+5)"),
    ("Asia/Yakutsk", "Якутск (МСК+6)"),
    ("Asia/Vladivostok", "Владивосток (МСК+7)"),
    ("Asia/Magadan", "Магадан (МСК+8)"),
    ("Asia/Kamchatka", "Камчатка (МСК+9)"),
]


def zone_label(moment):
    """«МСК» for Moscow time at that moment, else «МСК+2» or «МСК−1» (whole hours)."""
    difference = moment.utcoffset() - moment.astimezone(MOSCOW).utcoffset()
    hours = int(difference / datetime.timedelta(hours=1))
    if hours == 0:
        return "МСК"
    return f"МСК{'+' if hours > 0 else '−'}{abs(hours)}"
