from django import template
from django.utils.safestring import mark_safe

from site_cms.low_vision import images_as_text

register = template.Library()


class ImagesOffNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        html = self.nodelist.render(context)
        preferences = context.get("low_vision")
        if preferences and preferences.images == "off":
            # The page's own markup, only its <img> tags replaced by escaped text.
            return mark_safe(images_as_text(html))
        return html


@register.tag
def low_vision_images(parser, token):
    """``{% low_vision_images %}…{% endlow_vision_images %}``: with images switched off in the
    low-vision version, the images inside show their alt text instead."""
    nodelist = parser.parse(("endlow_vision_images",))
    parser.delete_first_token()
    return ImagesOffNode(nodelist)
