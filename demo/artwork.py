"""Illustrations for the demo content, drawn with Pillow: calm abstract shapes, no text.

Every drawing is deterministic (a fixed random seed), so reloading the demo gives the same
pictures, and is cached for the process. Drawn at twice the size and scaled down, for smooth
edges.
"""

import functools
import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1200, 675
SCALE = 2

# A calm palette: deep blue, teal, sand, soft coral, mist.
NAVY = (31, 60, 102)
BLUE = (58, 110, 165)
TEAL = (47, 143, 131)
MINT = (164, 214, 197)
SAND = (240, 217, 167)
CORAL = (232, 138, 116)
MIST = (236, 242, 247)
WHITE = (255, 255, 255)


def _canvas(top, bottom):
    """A vertical gradient from ``top`` to ``bottom``."""
    w, h = WIDTH * SCALE, HEIGHT * SCALE
    gradient = Image.linear_gradient("L").resize((w, h))
    return Image.composite(
        Image.new("RGB", (w, h), bottom), Image.new("RGB", (w, h), top), gradient
    )


def _overlay(image, draw_shapes):
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw_shapes(ImageDraw.Draw(layer))
    return Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")


def _finish(image, fmt="PNG"):
    image = image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, optimize=True)
    return buffer.getvalue()


def _s(*values):
    return [v * SCALE for v in values]


@functools.cache
def school_and_circles():
    """Soft circles around a stylised school building: the portal's general illustration."""
    rng = random.Random(11)
    image = _canvas(MIST, (214, 231, 240))

    def circles(draw):
        for _ in range(14):
            x, y, r = rng.randint(0, WIDTH), rng.randint(0, HEIGHT), rng.randint(40, 190)
            colour = rng.choice([MINT, SAND, BLUE, TEAL, CORAL])
            draw.ellipse(_s(x - r, y - r, x + r, y + r), fill=(*colour, rng.randint(50, 110)))

    image = _overlay(image, circles).filter(ImageFilter.GaussianBlur(6 * SCALE))
    draw = ImageDraw.Draw(image)
    # The building: a body, a pediment, windows, a door and a flag.
    draw.rectangle(_s(420, 300, 780, 520), fill=WHITE, outline=NAVY, width=6 * SCALE)
    draw.polygon(_s(400, 305, 600, 190, 800, 305), fill=BLUE, outline=NAVY)
    for column in range(4):
        for row in range(2):
            x, y = 450 + column * 80, 330 + row * 80
            colour = SAND if (column + row) % 3 else MINT
            draw.rounded_rectangle(_s(x, y, x + 48, y + 52), 6 * SCALE, fill=colour)
    draw.rounded_rectangle(_s(575, 440, 625, 520), 8 * SCALE, fill=TEAL)
    draw.line(_s(600, 190, 600, 120), fill=NAVY, width=5 * SCALE)
    draw.polygon(_s(600, 120, 660, 138, 600, 156), fill=CORAL)
    draw.rectangle(_s(0, 520, WIDTH, HEIGHT), fill=(196, 222, 208))
    draw.rectangle(_s(360, 515, 840, 530), fill=NAVY)
    return _finish(image)


@functools.cache
def results_chart():
    """A bar chart whose bars rise year by year, with a trend line: positive dynamics."""
    image = _canvas(WHITE, MIST)
    draw = ImageDraw.Draw(image)
    left, right, top, bottom = 140, 1080, 110, 560
    for step in range(6):
        y = bottom - step * (bottom - top) / 5
        draw.line(_s(left, y, right, y), fill=(210, 220, 230), width=2 * SCALE)
    draw.line(_s(left, top - 20, left, bottom), fill=NAVY, width=4 * SCALE)
    draw.line(_s(left, bottom, right + 20, bottom), fill=NAVY, width=4 * SCALE)
    values = [0.34, 0.41, 0.39, 0.52, 0.61, 0.72]
    group = (right - left) / len(values)
    points = []
    for index, value in enumerate(values):
        x0 = left + index * group + group * 0.2
        x1 = x0 + group * 0.6
        y0 = bottom - value * (bottom - top)
        colour = TEAL if index == len(values) - 1 else BLUE
        draw.rounded_rectangle(_s(x0, y0, x1, bottom - 2), 10 * SCALE, fill=colour)
        points.append(((x0 + x1) / 2, y0 - 40))
    draw.line([tuple(_s(x, y)) for x, y in points], fill=CORAL, width=6 * SCALE, joint="curve")
    for x, y in points:
        draw.ellipse(_s(x - 11, y - 11, x + 11, y + 11), fill=WHITE, outline=CORAL, width=5 * SCALE)
    return _finish(image)


@functools.cache
def network_pairs():
    """Pairs of schools linked to each other and to a centre: network partnership."""
    rng = random.Random(7)
    image = _canvas((226, 239, 236), MIST)
    centre = (600, 337)
    pairs = []
    for index in range(6):
        angle = index * math.tau / 6 + 0.3
        leader = (centre[0] + 330 * math.cos(angle), centre[1] + 230 * math.sin(angle))
        offset = angle + rng.uniform(0.35, 0.55)
        partner = (centre[0] + 200 * math.cos(offset), centre[1] + 140 * math.sin(offset))
        pairs.append((leader, partner))

    def links(draw):
        for leader, partner in pairs:
            draw.line(_s(*centre, *leader), fill=(*NAVY, 60), width=3 * SCALE)
            draw.line(_s(*leader, *partner), fill=(*TEAL, 200), width=7 * SCALE)
            draw.line(_s(*partner, *centre), fill=(*NAVY, 60), width=3 * SCALE)

    image = _overlay(image, links)
    draw = ImageDraw.Draw(image)
    for leader, partner in pairs:
        x, y = leader
        draw.ellipse(_s(x - 46, y - 46, x + 46, y + 46), fill=TEAL, outline=WHITE, width=6 * SCALE)
        x, y = partner
        draw.ellipse(_s(x - 32, y - 32, x + 32, y + 32), fill=SAND, outline=WHITE, width=6 * SCALE)
    x, y = centre
    draw.ellipse(_s(x - 70, y - 70, x + 70, y + 70), fill=NAVY, outline=WHITE, width=8 * SCALE)
    draw.ellipse(_s(x - 26, y - 26, x + 26, y + 26), fill=CORAL)
    return _finish(image)


@functools.cache
def seminar_calendar():
    """A month grid with highlighted days and a presentation screen: seminars and webinars."""
    image = _canvas((247, 240, 226), WHITE)
    draw = ImageDraw.Draw(image)
    highlighted = {3: TEAL, 10: BLUE, 11: BLUE, 17: CORAL, 24: TEAL, 26: SAND}
    for index in range(35):
        row, column = divmod(index, 7)
        x, y = 90 + column * 86, 120 + row * 86
        colour = highlighted.get(index, WHITE)
        draw.rounded_rectangle(
            _s(x, y, x + 72, y + 72),
            12 * SCALE,
            fill=colour,
            outline=(214, 205, 186),
            width=2 * SCALE,
        )
    draw.rounded_rectangle(_s(90, 60, 666, 100), 12 * SCALE, fill=NAVY)
    # The screen of a webinar with a simple slide.
    draw.rounded_rectangle(_s(730, 150, 1120, 400), 18 * SCALE, fill=NAVY)
    draw.rounded_rectangle(_s(750, 170, 1100, 380), 10 * SCALE, fill=MIST)
    for index, height in enumerate([60, 100, 80, 140]):
        x = 790 + index * 70
        draw.rectangle(_s(x, 350 - height, x + 40, 350), fill=TEAL if index == 3 else BLUE)
    draw.rectangle(_s(905, 400, 945, 470), fill=NAVY)
    draw.rounded_rectangle(_s(840, 470, 1010, 490), 8 * SCALE, fill=NAVY)
    for index in range(3):
        x = 780 + index * 120
        draw.ellipse(_s(x, 530, x + 70, 600), fill=(MINT, SAND, CORAL)[index])
        draw.pieslice(_s(x - 15, 600, x + 85, 700), 180, 360, fill=(MINT, SAND, CORAL)[index])
    return _finish(image)


@functools.cache
def avatar():
    """A drawn placeholder portrait: a head and shoulders on a soft circle, no real person."""
    size, scale = 320, 2
    image = Image.new("RGB", (size * scale, size * scale), (236, 242, 247))
    draw = ImageDraw.Draw(image)
    s2 = size * scale
    draw.ellipse((s2 * 0.08, s2 * 0.08, s2 * 0.92, s2 * 0.92), fill=(164, 214, 197))
    draw.ellipse((s2 * 0.36, s2 * 0.22, s2 * 0.64, s2 * 0.52), fill=(31, 60, 102))
    draw.pieslice((s2 * 0.2, s2 * 0.56, s2 * 0.8, s2 * 1.16), 180, 360, fill=(31, 60, 102))
    image = image.resize((size, size), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
