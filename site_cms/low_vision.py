"""The version for the visually impaired (ГОСТ Р 52872-2019): the visitor's choices.

Choices live in one cookie and are applied on the server as classes on <html>, so the mode
works without JavaScript and a cached page is kept per set of choices.
"""

import re
from dataclasses import asdict, dataclass, replace
from html import unescape
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.utils.html import format_html

FONT_SIZES = {"1": "Обычный", "2": "Крупный", "3": "Очень крупный"}
TYPEFACES = {"sans": "Без засечек", "serif": "С засечками"}
SCHEMES = {
    "bw": "Чёрным по белому",
    "wb": "Белым по чёрному",
    "blue": "Тёмно-синим по голубому",
}
SPACINGS = {"normal": "Обычный", "wide": "Увеличенный"}
LEADINGS = {"normal": "Обычный", "wide": "Увеличенный", "large": "Большой"}
IMAGES = {"on": "Показывать", "off": "Скрыть"}

# In the panel's order; each name is a query parameter of the switch, a key of the cookie and
# a field of the preferences.
CHOICES = {
    "font": FONT_SIZES,
    "typeface": TYPEFACES,
    "scheme": SCHEMES,
    "spacing": SPACINGS,
    "leading": LEADINGS,
    "images": IMAGES,
}
GROUP_TITLES = {
    "font": "Размер шрифта",
    "typeface": "Шрифт",
    "scheme": "Цвет",
    "spacing": "Интервал между буквами",
    "leading": "Межстрочный интервал",
    "images": "Изображения",
}


@dataclass(frozen=True)
class PanelOption:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class PanelGroup:
    name: str
    title: str
    options: list[PanelOption]


@dataclass(frozen=True)
class LowVisionPreferences:
    font: str = "2"
    typeface: str = "sans"
    scheme: str = "bw"
    spacing: str = "normal"
    leading: str = "normal"
    images: str = "on"

    def cookie_value(self):
        return urlencode(asdict(self))

    def html_classes(self):
        return " ".join(["lv", *(f"lv-{name}-{value}" for name, value in asdict(self).items())])

    def updated(self, params):
        """A copy with every known, valid choice in ``params`` applied; the rest ignored."""
        changes = {
            name: params[name]
            for name, allowed in CHOICES.items()
            if name in params and params[name] in allowed
        }
        return replace(self, **changes)


def panel_groups(preferences):
    """The settings panel: every choice, with the visitor's current ones marked."""
    return [
        PanelGroup(
            name=name,
            title=GROUP_TITLES[name],
            options=[
                PanelOption(value, label, selected=getattr(preferences, name) == value)
                for value, label in allowed.items()
            ],
        )
        for name, allowed in CHOICES.items()
    ]


def parse_cookie(value):
    """Preferences from the cookie's value, or None when the mode is off or the value is junk."""
    if not value:
        return None
    params = dict(parse_qsl(value))
    if not any(name in CHOICES for name in params):
        return None
    return LowVisionPreferences().updated(params)


def preferences_from_request(request):
    """The visitor's choices; the request is marked as answered by the cookie, so that its
    response says ``Vary: Cookie`` and no shared cache mixes the two versions."""
    request.varies_by_low_vision = True
    return parse_cookie(request.COOKIES.get(settings.LOW_VISION_COOKIE))


# An <img> tag, its quoted attribute values allowed to hold ">".
_IMAGE_TAG = re.compile(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)
_ALT = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)


def images_as_text(html):
    """The page with images switched off: every <img> becomes its alt text in a box, and
    decorative images (empty or no alt) go. Done on the server, so it works without JavaScript
    and the cached copy of the «images off» version holds it."""

    def as_text(match):
        alt = _ALT.search(match.group())
        text = unescape(next((value for value in alt.groups() if value), "")) if alt else ""
        if not text.strip():
            return ""
        return format_html('<span class="lv-image-alt">{}</span>', text.strip())

    return _IMAGE_TAG.sub(as_text, html)
