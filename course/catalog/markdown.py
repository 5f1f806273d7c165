"""Lesson Markdown → sanitized HTML, and the raw-HTML policy the loader enforces."""

from __future__ import annotations

import re
from html import unescape

import nh3
from markdown_it import MarkdownIt

from course.text import count_words as text_words

# Raw HTML an author may write inside Markdown; anything else is rejected at load time.
ALLOWED_RAW_TAGS = frozenset({"abbr", "br", "kbd", "mark", "small", "sub", "sup"})
ALLOWED_RAW_ATTRIBUTES = {"abbr": {"title"}}

# Everything Markdown itself produces, plus the raw tags above.
ALLOWED_TAGS = ALLOWED_RAW_TAGS | {
    "a",
    "blockquote",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
    "del",
}
ALLOWED_ATTRIBUTES = {
    **ALLOWED_RAW_ATTRIBUTES,
    "a": {"href", "title"},
    "th": {"style"},
    "td": {"style"},
}

_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][\w:-]*)([^>]*)>")
_ATTRIBUTE = re.compile(r"([^\s=/]+)\s*(?:=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?")
# French elisions (l'IA, with either apostrophe) and compounds count as one word each.

_renderer = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table")


def disallowed_html(markdown: str) -> list[str]:
    """Each raw HTML tag or attribute in `markdown` that the policy does not allow."""
    problems: list[str] = []
    for token in _renderer.parse(markdown):
        fragments = [token.content] if token.type == "html_block" else []
        fragments += [
            child.content for child in token.children or [] if child.type == "html_inline"
        ]
        for fragment in fragments:
            problems.extend(_check_fragment(fragment))
    return list(dict.fromkeys(problems))


def _check_fragment(fragment: str) -> list[str]:
    if "<!--" in fragment:
        return ["<!-- -->"]
    problems = []
    for name, attributes in _TAG.findall(fragment):
        tag = name.lower()
        if tag not in ALLOWED_RAW_TAGS:
            problems.append(f"<{tag}>")
            continue
        allowed = ALLOWED_RAW_ATTRIBUTES.get(tag, set())
        problems += [
            f"<{tag} {a}>" for a in _ATTRIBUTE.findall(attributes) if a.lower() not in allowed
        ]
    return problems


def render(markdown: str) -> str:
    """Sanitized HTML; the sanitizer runs even on checked input, as a second line of defence."""
    html = _renderer.render(markdown)
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
    )


def count_words(html: str) -> int:
    # Unescaped first: French typography puts &nbsp; inside « » and before colons.
    text = unescape(nh3.clean(html, tags=set()))
    return text_words(text)
