"""The one Russian plural of the site: the ``ru_plural`` filter of the shell's template tags,
which the practices' and schools' pages load, and ``days_ru`` builds on."""

import pytest
from django.template import Context, Template

from site_cms.templatetags.russian_tags import ru_plural


@pytest.mark.parametrize(
    ("number", "word"),
    [
        (0, "школ"),
        (1, "школа"),
        (2, "школы"),
        (5, "школ"),
        (11, "школ"),
        (21, "школа"),
        (104, "школы"),
        (112, "школ"),
        (-3, "школы"),
    ],
)
def test_russian_plural(number, word):
    assert ru_plural(number, "школа,школы,школ") == word


def test_templates_load_the_filter_from_the_shell():
    template = Template('{% load russian_tags %}{{ n|ru_plural:"практика,практики,практик" }}')
    assert template.render(Context({"n": 22})) == "практики"
