"""Charts drawn on the server as SVG (pygal, its JavaScript off), shown as an accessible figure.

`bar_chart` returns a `<figure>`: the SVG as an image (a data: URL, allowed by the CSP's img-src;
an image cannot run script, and its inline style does not need 'unsafe-inline'), whose text
alternative is the chart's title and points to the data table that must sit beside it (pass its
id): the table, not the picture, is what screen readers and exports read. Pages work without
JavaScript. Reused by every page that draws a chart (analytics; the employers' pages).
"""

from __future__ import annotations

import base64
import sys
from collections.abc import Sequence

import pygal
from flask_babel import gettext as _
from markupsafe import Markup, escape
from pygal.style import Style

# pygal appends a finder for its map plugins (pygal.maps.*, unused here) that still lacks
# find_spec: every failed import anywhere then warns (an error under pytest). Take it out.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]

# The site's colours (web/static/site.css), each at least 3:1 against white (WCAG 1.4.11).
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#4a5260",
    colors=("#006b6b", "#162d54", "#a1260d", "#6b4e00"),
    font_family="system-ui, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=16,
    value_font_size=12,
)

Series = Sequence[tuple[str, Sequence[float | None]]]


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Series,
    table_id: str,
    *,
    horizontal: bool = False,
    percent: bool = False,
) -> Markup:
    """A bar chart of `series` (name, one value per label; None leaves a gap) by `labels`."""
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    height = max(320, 36 * len(labels) + 120) if horizontal else 360
    chart = kind(
        style=STYLE,
        js=[],  # no script: the SVG is complete as drawn
        disable_xml_declaration=True,
        width=720,
        height=height,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        x_label_rotation=0 if horizontal else 30,
        truncate_label=40,
        range=(0, 1) if percent else None,
        value_formatter=(lambda v: f"{v:.0%}") if percent else (lambda v: f"{v:g}"),
        print_values=False,
    )
    chart.title = title
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    svg = chart.render(is_unicode=True)
    url = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    alt = _("%(title)s (the figures are in the table below)", title=title)
    return Markup(
        '<figure class="chart" aria-describedby="{table}">'
        '<img src="{url}" alt="{alt}" width="720" height="{height}">'
        "</figure>"
    ).format(table=escape(table_id), url=url, alt=alt, height=height)
