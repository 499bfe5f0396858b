"""Tooltips on the marks of a matplotlib SVG: an SVG <title> in each bar, cell or point, which browsers show on
hover ("Thailand × Risk management: high priority; reached"). Pure: bytes in, bytes out.

A chart gives each mark artist a gid and records its titles with `add(fig, artist, titles)`: a text for a single
patch (a bar), a list of texts, one per element in drawing order, for a collection or a line's markers.
matplotlib writes an artist with a gid as <g id="gid">...</g>: a patch as one <path>, a collection as one <path>
or <use> per element, a line as its <path> and one <use> per marker. `insert(svg, titles)` puts the titles there
by plain text edits (the writer's output is regular: self-closed <path .../> and <use .../> tags, attribute
values escaped), much faster than parsing the document. A group whose marks do not match its titles in number is
left as it is: a chart without a tooltip, never a page that fails.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from matplotlib.artist import Artist
from matplotlib.figure import Figure

_KEY = "_mark_titles"
_GROUP = re.compile(rb'<g id="([^"]+)">')
_GROUP_TAG = re.compile(rb"<g[\s>]|</g>")
_DEFS = re.compile(rb"<defs>.*?</defs>", re.S)
_USE = re.compile(rb"<use [^>]*/>")
_PATH = re.compile(rb"<path [^>]*/>")


def add(fig: Figure, artist: Artist, titles: list[str] | str) -> None:
    """Give `artist` a gid of its own (unless it has one) and record its tooltip on the figure: one text for the
    whole artist, or a list of texts for its elements."""
    store = fig.__dict__.setdefault(_KEY, {})
    gid = artist.get_gid() or f"mark-{len(store) + 1}"
    artist.set_gid(gid)
    store[gid] = titles if isinstance(titles, str) else list(titles)


def of(fig: Figure) -> dict[str, list[str] | str]:
    return fig.__dict__.get(_KEY, {})


def _group_end(svg: bytes, start: int) -> int:
    """The index of the </g> closing the group whose content begins at `start`."""
    depth = 1
    for tag in _GROUP_TAG.finditer(svg, start):
        depth += -1 if tag.group(0) == b"</g>" else 1
        if depth == 0:
            return tag.start()
    return len(svg)


def _title(text: str) -> bytes:
    return f"<title>{escape(text)}</title>".encode()


def _titled(body: bytes, titles: list[str] | str) -> bytes | None:
    """The group's content with its titles, or None when its marks and titles differ in number."""
    if isinstance(titles, str):  # one artist (a bar): the title of the whole group
        return _title(titles) + body
    outside_defs = _DEFS.sub(lambda m: b" " * len(m.group(0)), body)  # same offsets, defs blanked
    marks = list(_USE.finditer(outside_defs)) or list(_PATH.finditer(outside_defs))
    if len(marks) != len(titles):
        return None
    out, pos = [], 0
    for mark, text in zip(marks, titles, strict=True):
        tag = body[mark.start():mark.end()]
        name = tag[1:tag.index(b" ")]
        out += [body[pos:mark.start()], tag[:-2], b">", _title(text), b"</", name, b">"]
        pos = mark.end()
    out.append(body[pos:])
    return b"".join(out)


def insert(svg: bytes, titles: dict[str, list[str] | str]) -> bytes:
    """`svg` with a <title> in each group named in `titles` ({gid: title}) or in each of its marks
    ({gid: [title, ...]})."""
    if not titles:
        return svg
    wanted = {gid.encode(): texts for gid, texts in titles.items()}  # gids are plain words: no escaping
    out, pos = [], 0
    for group in _GROUP.finditer(svg):
        texts = wanted.get(group.group(1))
        if texts is None or group.start() < pos:
            continue
        end = _group_end(svg, group.end())
        body = _titled(svg[group.end():end], texts)
        if body is not None:
            out += [svg[pos:group.end()], body]
            pos = end
    out.append(svg[pos:])
    return b"".join(out)
