"""Sections other apps contribute to the home page (hook ``home_page_sections``) and to the
school pages (hook ``school_page_sections``, whose functions also take the school).

A hook function takes the request and returns a HomeSection (or None)::

    @hooks.register("home_page_sections")
    def upcoming_events(request):
        return HomeSection(title="Ближайшие события", items=[...], more_url=..., order=10)
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class HomeSectionItem:
    title: str
    url: str
    meta: str = ""
    summary: str = ""


@dataclass(frozen=True)
class HomeSection:
    title: str
    items: list[HomeSectionItem] = field(default_factory=list)
    more_url: str = ""
    more_label: str = "Все материалы раздела"
