"""Results on pages: the SVG charts, the widgets that turn stored results into charts and
sentences, and the StreamField blocks that place them."""
