"""The version for the visually impaired (ГОСТ Р 52872-2019): the visitor's choices.

Choices live in one cookie and are applied on the server as classes on <html>, so the mode
works without JavaScript and a cached page is kept per set of choices.
"""

from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, urlencode

from django.conf import settings

FONT_SIZES = {"1": "Обычный", "2": "Крупный", "3": "Очень крупный"}
SCHEMES = {
    "bw": "Чёрным по белому",
    "wb": "Белым по чёрному",
    "blue": "Тёмно-синим по голубому",
}
SPACINGS = {"normal": "Обычный", "wide": "Увеличенный"}
IMAGES = {"on": "Показывать", "off": "Скрыть"}

CHOICES = {"font": FONT_SIZES, "scheme": SCHEMES, "spacing": SPACINGS, "images": IMAGES}
GROUP_TITLES = {
    "font": "Размер шрифта",
    "scheme": "Цвет",
    "spacing": "Интервал между буквами",
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
    scheme: str = "bw"
    spacing: str = "normal"
    images: str = "on"

    def cookie_value(self):
        return urlencode(
            {
                "font": self.font,
                "scheme": self.scheme,
                "spacing": self.spacing,
                "images": self.images,
            }
        )

    def html_classes(self):
        return " ".join(
            [
                "lv",
                f"lv-font-{self.font}",
                f"lv-scheme-{self.scheme}",
                f"lv-spacing-{self.spacing}",
                f"lv-images-{self.images}",
            ]
        )

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
