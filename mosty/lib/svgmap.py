"""The parts of a map drawn as SVG on the server: a projection, a frame, marks and labels.

No model is needed here; `mosty.territories.maps` composes the platform's maps from these parts.

- `Conic`: Lambert's conformal conic projection, its standard parallels chosen for the latitudes
  drawn. Longitudes west of 0° are unwrapped to 180–360° (`unwrap`): the east of Chukotka lies
  across the 180th meridian, and nothing of Russia or Belarus lies west of 0°.
- `Frame`: a projection fitted into a box of the SVG, with clipping of segments to the box.
- `dots_path`: thousands of points as ONE `<path>` of short strokes with relative moves, so a
  layer of every town weighs tens of kilobytes, not megabytes.
- `Labels`: labels placed greedily, most important first; each takes the first free side of its
  point and is left out if none is free.

Every value written into the SVG passes through `format_html`, so names are escaped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

Coordinates = tuple[float, float]  # (longitude, latitude), as in GeoJSON
Point = tuple[float, float]  # (x, y) in SVG units, y downwards
Box = tuple[float, float, float, float]  # left, top, right, bottom (or west, south, east, north)

PADDING = 14  # between a frame's box and the points fitted into it
# Font sizes of the label classes, in SVG units; mosty.css sets the same ("the maps' layers").
FONT_SIZES = {"strong": 13.0, "": 11.0, "muted": 10.5, "small": 9.5}
SIDES = ("right", "left", "above", "below")


# --- Projection and frame ------------------------------------------------------------------------


def unwrap(longitude: float) -> float:
    """East of 180° Chukotka continues at 180–190° instead of jumping to -180°."""
    return longitude + 360 if longitude < 0 else longitude


def extent(coordinates: Sequence[Coordinates]) -> Box:
    """West, south, east and north of the coordinates, longitudes unwrapped."""
    longitudes = [unwrap(lon) for lon, _lat in coordinates]
    latitudes = [lat for _lon, lat in coordinates]
    return min(longitudes), min(latitudes), max(longitudes), max(latitudes)


def _tan(phi: float) -> float:
    return math.tan(math.pi / 4 + phi / 2)


@dataclass(frozen=True)
class Conic:
    """Lambert's conformal conic projection of the unit sphere, y growing southwards."""

    lon0: float
    n: float
    f: float

    @classmethod
    def between(cls, south: float, north: float, lon0: float) -> Conic:
        """Standard parallels a sixth of the way in from the south and the north."""
        span = max(north - south, 0.0)
        phi1, phi2 = math.radians(south + span / 6), math.radians(north - span / 6)
        if phi2 - phi1 < 1e-3:
            n = math.sin((phi1 + phi2) / 2)
        else:
            n = math.log(math.cos(phi1) / math.cos(phi2)) / math.log(_tan(phi2) / _tan(phi1))
        return cls(lon0=lon0, n=n, f=math.cos(phi1) * _tan(phi1) ** n / n)

    @classmethod
    def around(cls, coordinates: Sequence[Coordinates]) -> Conic:
        west, south, east, north = extent(coordinates) if coordinates else (30.0, 55.0, 30.0, 55.0)
        return cls.between(south, north, (west + east) / 2)

    def __call__(self, longitude: float, latitude: float) -> Point:
        rho = self.f / _tan(math.radians(latitude)) ** self.n
        theta = self.n * math.radians(unwrap(longitude) - self.lon0)
        return rho * math.sin(theta), rho * math.cos(theta)


@dataclass(frozen=True)
class Frame:
    """A projection fitted into a box of the SVG (`left`, `top`, `width`, `height`)."""

    project: Conic
    scale: float
    west: float  # projected x at the box's inner left edge
    north: float  # projected y at the box's inner top edge
    left: float
    top: float
    width: float
    height: float

    @classmethod
    def fit(
        cls,
        coordinates: Sequence[Coordinates],
        *,
        width: float,
        conic: Conic | None = None,
        left: float = 0,
        top: float = 0,
        ratios: tuple[float, float] = (0.45, 0.85),
        min_span: float = 0.5,
    ) -> Frame:
        """Fit `coordinates` into `width`; the height follows, kept between `ratios` of the width
        by widening the flatter side. `min_span` (degrees) keeps one town from filling the frame."""
        project = conic or Conic.around(coordinates)
        points = [project(lon, lat) for lon, lat in coordinates] or [project(30.0, 55.0)]
        xs, ys = [x for x, _y in points], [y for _x, y in points]
        span_x = max(max(xs) - min(xs), math.radians(min_span))
        span_y = max(max(ys) - min(ys), math.radians(min_span))
        low, high = ratios
        if span_y / span_x > high:
            span_x = span_y / high
        elif span_y / span_x < low:
            span_y = span_x * low
        scale = (width - 2 * PADDING) / span_x
        return cls(
            project=project,
            scale=scale,
            west=(min(xs) + max(xs) - span_x) / 2,
            north=(min(ys) + max(ys) - span_y) / 2,
            left=left,
            top=top,
            width=width,
            height=round(span_y * scale + 2 * PADDING),
        )

    def __call__(self, longitude: float, latitude: float) -> Point:
        x, y = self.project(longitude, latitude)
        return (
            round(self.left + PADDING + (x - self.west) * self.scale, 1),
            round(self.top + PADDING + (y - self.north) * self.scale, 1),
        )

    def box(self, inset: float = 0.0) -> Box:
        right, bottom = self.left + self.width, self.top + self.height
        return (self.left + inset, self.top + inset, right - inset, bottom - inset)

    def contains(self, point: Point, inset: float = 0.0) -> bool:
        left, top, right, bottom = self.box(inset)
        return left <= point[0] <= right and top <= point[1] <= bottom

    def clip(self, a: Point, b: Point, inset: float = 0.0) -> tuple[Point, Point] | None:
        """The part of the segment a–b inside the box (Liang–Barsky), or None."""
        left, top, right, bottom = self.box(inset)
        dx, dy = b[0] - a[0], b[1] - a[1]
        start, end = 0.0, 1.0
        for p, q in ((-dx, a[0] - left), (dx, right - a[0]), (-dy, a[1] - top), (dy, bottom - a[1])):
            if p == 0:
                if q < 0:
                    return None
                continue
            if p < 0:
                start = max(start, q / p)
            else:
                end = min(end, q / p)
            if start > end:
                return None
        return (
            (round(a[0] + start * dx, 1), round(a[1] + start * dy, 1)),
            (round(a[0] + end * dx, 1), round(a[1] + end * dy, 1)),
        )

    def sides_inwards(self, point: Point) -> tuple[str, ...]:
        """Where a label goes beside a point at the frame's edge: towards the inside."""
        left, top, right, _bottom = self.box(6)
        if point[0] >= right:
            return ("left", "above", "below")
        if point[0] <= left:
            return ("right", "above", "below")
        if point[1] <= top:
            return ("below", "left", "right")
        return ("above", "left", "right")


# --- Marks ---------------------------------------------------------------------------------------


def _tenths(value: int) -> str:
    """A length in tenths of a unit, written as short as SVG allows: 12 → 1.2, -5 → -.5, 30 → 3."""
    whole, part = divmod(abs(value), 10)
    sign = "-" if value < 0 else ""
    return f"{sign}{whole}" if part == 0 else f"{sign}{whole or ''}.{part}"


def dots_path(points: Iterable[Point], *, length: int = 10, grid: int = 1) -> str:
    """The `d` of ONE path marking every point with a short horizontal stroke (`length` tenths of a
    unit; 0 with round caps makes round dots), relative moves sorted by rows so numbers stay short.
    Points falling in the same cell of `grid` tenths are marked once."""
    cells = sorted({(round(y * 10 / grid) * grid, round(x * 10 / grid) * grid) for x, y in points})
    stroke = f"h{_tenths(length)}"
    parts: list[str] = []
    previous: tuple[int, int] | None = None
    for y, x in cells:
        if previous is None:
            parts.append(f"M{_tenths(x)} {_tenths(y)}{stroke}")
        else:
            dx, dy = _tenths(x - previous[1] - length), _tenths(y - previous[0])
            parts.append(f"m{dx}{'' if dy.startswith('-') else ' '}{dy}{stroke}")
        previous = (y, x)
    return "".join(parts)


def radius(value: int | None, largest: int, *, low: float, high: float) -> float:
    """A dot's radius for `value` (a population), its area growing with the value."""
    if not value or largest <= 0:
        return low
    return round(low + (high - low) * math.sqrt(min(value / largest, 1.0)), 1)


def join(parts: Iterable[SafeString]) -> SafeString:
    return mark_safe("".join(parts))  # each part built with format_html


def circle(point: Point, size: float, css: str, title: str = "", url: str = "") -> SafeString:
    """A dot, named on hover by `title` and linked to `url` when given."""
    if title:
        mark = format_html(
            '<circle class="{}" cx="{}" cy="{}" r="{}"><title>{}</title></circle>', css, *point, size, title
        )
    else:
        mark = format_html('<circle class="{}" cx="{}" cy="{}" r="{}"/>', css, *point, size)
    if url:
        # Out of the tab order: the map is an image for assistive technology, and the page lists
        # the same places as ordinary links next to it.
        mark = format_html('<a href="{}" tabindex="-1">{}</a>', url, mark)
    return mark


def line(a: Point, b: Point, css: str = "tie-line") -> SafeString:
    return format_html('<line class="{}" x1="{}" y1="{}" x2="{}" y2="{}"/>', css, *a, *b)


def arrow(tail: Point, tip: Point, size: float = 7.0) -> SafeString:
    """A filled arrowhead at `tip`, pointing away from `tail`."""
    length = math.hypot(tip[0] - tail[0], tip[1] - tail[1]) or 1.0
    ux, uy = (tip[0] - tail[0]) / length, (tip[1] - tail[1]) / length
    bx, by = tip[0] - ux * size, tip[1] - uy * size
    corners = (tip, (bx - uy * size / 2, by + ux * size / 2), (bx + uy * size / 2, by - ux * size / 2))
    return format_html(
        '<polygon class="tie-arrow" points="{}"/>', " ".join(f"{x:.1f},{y:.1f}" for x, y in corners)
    )


def rect(box: Box, css: str) -> SafeString:
    return format_html(
        '<rect class="{}" x="{}" y="{}" width="{}" height="{}"/>',
        css,
        *box[:2],
        box[2] - box[0],
        box[3] - box[1],
    )


def document(width: float, height: float, label: str, body: SafeString, kind: str) -> SafeString:
    """The `<svg>`: an image for assistive technology, named by `label` (aria-label and title)."""
    return format_html(
        '<svg class="map map-{}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
        'aria-label="{}"><title>{}</title>{}</svg>',
        kind,
        round(width),
        round(height),
        label,
        label,
        body,
    )


# --- Labels --------------------------------------------------------------------------------------


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _text_width(text: str, size: float, css: str) -> float:
    return len(text) * size * (0.62 if "strong" in css else 0.56)  # an estimate: no fonts here


@dataclass
class Labels:
    """Labels placed greedily inside `bounds`: each takes the first free side of its point, or is
    left out, as is a name already written nearby (a region's centre is also a town). `block` and
    `reserve` keep marks and panels that must stay visible free of labels."""

    bounds: Box
    taken: list[Box] = field(default_factory=list)
    parts: list[SafeString] = field(default_factory=list)
    written: list[tuple[str, Point]] = field(default_factory=list)

    def block(self, point: Point, size: float) -> None:
        self.taken.append((point[0] - size, point[1] - size, point[0] + size, point[1] + size))

    def reserve(self, box: Box) -> None:
        self.taken.append(box)

    def add(
        self, point: Point, text: str, *, size: float = 2.0, css: str = "", sides: Sequence[str] = SIDES
    ) -> bool:
        """Write `text` beside the mark of `size` at `point`, if there is room: True if written."""
        x, y = point
        if any(name == text and abs(x - at[0]) + abs(y - at[1]) < 40 for name, at in self.written):
            return False
        height = FONT_SIZES[css]
        width, gap = _text_width(text, height, css), size + 2.5
        rise = max(gap, height / 2 + 0.5)  # above and below, clear of labels beside the point
        above, below = y - rise - height / 2, y + rise + height / 2  # the middles of the text
        places = {
            "right": ((x + gap, y - height / 2, x + gap + width, y + height / 2), "start", x + gap, y),
            "left": ((x - gap - width, y - height / 2, x - gap, y + height / 2), "end", x - gap, y),
            "above": ((x - width / 2, y - rise - height, x + width / 2, y - rise), "middle", x, above),
            "below": ((x - width / 2, y + rise, x + width / 2, y + rise + height), "middle", x, below),
        }
        left, top, right, bottom = self.bounds
        for side in sides:
            box, anchor, text_x, text_y = places[side]
            inside = box[0] >= left and box[1] >= top and box[2] <= right and box[3] <= bottom
            if inside and not any(overlaps(box, other) for other in self.taken):
                self.taken.append(box)
                self.written.append((text, point))
                self.parts.append(
                    format_html(
                        '<text class="{}" x="{}" y="{}" text-anchor="{}">{}</text>',
                        f"map-label {css}".strip(),
                        round(text_x, 1),
                        round(text_y + height * 0.35, 1),  # from the middle to the baseline
                        anchor,
                        text,
                    )
                )
                return True
        return False

    def render(self) -> SafeString:
        return join(self.parts)
