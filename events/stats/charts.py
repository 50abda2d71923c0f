"""Server-rendered SVG charts for the command centre: pure functions from figures to SVG text.

No chart library and no JavaScript: the panel shows them as <img>, so they scale with the
panel. The drawing is about 400 units wide, so 12-unit text stays readable on a 360-px phone and
grows with the panel on a wall screen. Every piece of text goes through `escape`.
"""

import math
from dataclasses import dataclass
from datetime import date
from html import escape

FONT = "'Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei',sans-serif"
WIDTH = 400
FONT_SIZE = 13
INK, MUTED, RULE = "#343a40", "#868e96", "#e9ecef"
# Colour-blind-friendly qualitative palette (Okabe-Ito order), grey kept for "other".
PALETTE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#f0e442"]
OTHER_COLOUR = "#adb5bd"
OTHER = "_other"


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Rough advance width: CJK glyphs are square, Latin ones a bit over half as wide."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.6 for ch in text)


def shorten(text: str, width: float, size: float = FONT_SIZE) -> str:
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def label(x: float, y: float, text: str, *, anchor: str = "start", fill: str = INK,
          size: float = FONT_SIZE) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}" '
            f'fill="{fill}">{escape(text)}</text>')


def rect(x: float, y: float, w: float, h: float, fill: str, tip: str = "") -> str:
    title = f"<title>{escape(tip)}</title>" if tip else ""
    return (f'<rect x="{x:.2f}" y="{y:.2f}" width="{max(w, 0):.2f}" height="{max(h, 0):.2f}" '
            f'fill="{fill}">{title}</rect>')


def document(height: float, body: list[str], title: str) -> str:
    height = math.ceil(height)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape(title)}" '
            f'font-family="{FONT}"><title>{escape(title)}</title>{"".join(body)}</svg>')


def empty_chart(title: str, message: str) -> str:
    return document(80, [label(WIDTH / 2, 45, message, anchor="middle", fill=MUTED)], title)


def nice_ceiling(value: float, ticks: int = 4) -> tuple[float, float]:
    """An axis top at or above `value` and a round step (1, 2 or 5 × 10ⁿ) dividing it."""
    if value <= 0:
        return 1, 1
    raw = value / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(step, 1) if value >= 1 else step
    return step * math.ceil(value / step), step


# --- cases per day, stacked by category ---------------------------------------------------


def top_categories(series: list[tuple[date, dict[str, int]]], top: int) -> list[str]:
    totals: dict[str, int] = {}
    for _day, counts in series:
        for code, count in counts.items():
            totals[code] = totals.get(code, 0) + count
    ranked = sorted((code for code, total in totals.items() if total),
                    key=lambda code: (-totals[code], code))
    return ranked[:top]


def stack(counts: dict[str, int], keep: list[str]) -> list[tuple[str, int]]:
    """A day's counts for the kept categories, in order, then everything else as OTHER."""
    rest = sum(count for code, count in counts.items() if code not in keep)
    return [(code, counts.get(code, 0)) for code in keep] + [(OTHER, rest)]


def legend(items: list[tuple[str, str]], top: float) -> tuple[list[str], float]:
    """Swatches with names, wrapped onto as many rows as the width needs; returns the bottom."""
    parts, x, y = [], 0.0, top
    for name, colour in items:
        width = 14 + text_width(name) + 12
        if x and x + width > WIDTH:
            x, y = 0.0, y + 18
        parts += [rect(x, y + 2, 10, 10, colour), label(x + 14, y + 11, name)]
        x += width
    return parts, y + 18


@dataclass(frozen=True)
class Plot:
    """The drawing area of a chart with a value axis."""

    left: float
    top: float
    width: float
    height: float
    ceiling: float

    def y(self, value: float) -> float:
        return self.top + self.height - value / self.ceiling * self.height


def value_axis(plot: Plot, step: float) -> list[str]:
    parts, value = [], 0.0
    while value <= plot.ceiling + 1e-9:
        y = plot.y(value)
        parts.append(f'<line x1="{plot.left:.1f}" x2="{plot.left + plot.width:.1f}" '
                     f'y1="{y:.1f}" y2="{y:.1f}" stroke="{RULE}"/>')
        parts.append(label(plot.left - 4, y + 4, f"{value:g}", anchor="end", fill=MUTED))
        value += step
    return parts


def day_axis(plot: Plot, days: list[date]) -> list[str]:
    band = plot.width / len(days)
    half = text_width("00-00") / 2
    every = max(1, math.ceil(half * 2.6 / band))
    baseline = plot.top + plot.height
    # Labels count back from today, which always has one; none may run off either edge.
    return [label(min(max(plot.left + (i + 0.5) * band, half), WIDTH - half), baseline + 16,
                  f"{day:%m-%d}", anchor="middle", fill=MUTED)
            for i, day in enumerate(days) if (len(days) - 1 - i) % every == 0]


def day_bars(plot: Plot, series, keep: list[str], names: dict[str, str],
             colours: dict[str, str]) -> list[str]:
    band = plot.width / len(series)
    gap = min(2.0, band * 0.2)
    parts = []
    for i, (day, counts) in enumerate(series):
        base = 0
        for code, count in stack(counts, keep):
            if count:
                top = plot.y(base + count)
                parts.append(rect(plot.left + i * band + gap / 2, top, band - gap,
                                  plot.y(base) - top, colours[code],
                                  f"{day:%Y-%m-%d} {names.get(code, code)} {count}"))
                base += count
    return parts


def daily_chart(series: list[tuple[date, dict[str, int]]], names: dict[str, str], *,
                title: str, other: str, no_data: str, top: int = 5) -> str:
    """Cases per day as bars stacked by category: the `top` busiest categories, the rest as
    `other`. `names` maps category codes to display names."""
    keep = top_categories(series, top)
    if not keep:
        return empty_chart(title, no_data)
    names = {**names, OTHER: other}
    colours = {**dict(zip(keep, PALETTE, strict=False)), OTHER: OTHER_COLOUR}
    has_other = any(stack(counts, keep)[-1][1] for _day, counts in series)
    shown = keep + ([OTHER] if has_other else [])
    parts, legend_bottom = legend([(names.get(c, c), colours[c]) for c in shown], 0)
    peak = max(sum(counts.values()) for _day, counts in series)
    ceiling, step = nice_ceiling(peak)
    left = 8 + text_width(f"{ceiling:g}")
    plot = Plot(left, legend_bottom + 8, WIDTH - left - 4, 170, ceiling)
    parts += value_axis(plot, step)
    parts += day_bars(plot, series, keep, names, colours)
    parts += day_axis(plot, [day for day, _counts in series])
    return document(plot.top + plot.height + 24, parts, title)


# --- one figure per department, as horizontal bars ----------------------------------------


ROW = 24  # height of one bar's row


@dataclass(frozen=True)
class Bar:
    name: str
    value: float | None  # None: nothing to measure (shown as a dash, no bar)
    text: str  # the value as the reader should see it, e.g. "92.5%" or "88.0 B"


def bar_colour(share: float, higher_is_better: bool) -> str:
    good = share if higher_is_better else 1 - share
    if good >= 0.9:
        return "#2b8a3e"
    if good >= 0.75:
        return "#1971c2"
    return "#e67700" if good >= 0.6 else "#c92a2a"


def bar_row(bar: Bar, y: float, label_width: float, scale: float,
            higher_is_better: bool) -> list[str]:
    name = shorten(bar.name, label_width)
    parts = [f"<g><title>{escape(bar.name)} {escape(bar.text)}</title>",
             label(label_width, y + 15, name, anchor="end")]
    x = label_width + 6
    if bar.value is not None:
        share = min(max(bar.value / scale, 0.0), 1.0)
        width = share * (WIDTH - x - 64)
        parts.append(rect(x, y + 4, width, 15, bar_colour(share, higher_is_better)))
        x += width
    parts.append(label(x + 4, y + 15, bar.text if bar.value is not None else "—", fill=MUTED))
    return parts + ["</g>"]


def bar_chart(bars: list[Bar], *, title: str, scale: float, no_data: str,
              higher_is_better: bool = True, note: str = "") -> str:
    """Horizontal bars, one row per name, in the order given; `scale` is a full-length bar.
    `note` goes under the bars (e.g. who has no figure)."""
    if not bars:
        return empty_chart(title, no_data)
    label_width = min(max(text_width(bar.name) for bar in bars), 160.0) + 4
    parts = []
    for i, bar in enumerate(bars):
        parts += bar_row(bar, 4 + i * ROW, label_width, scale, higher_is_better)
    height = 8 + len(bars) * ROW
    if note:
        parts.append(label(0, height + 12, note, fill=MUTED, size=FONT_SIZE - 1))
        height += 20
    return document(height, parts, title)
