"""Helpers shared by the review tests: hostile extractions and an HTML structure reader."""

from __future__ import annotations

from html.parser import HTMLParser

from talent_extract import Departure, Extraction, Money, Offer, Quote, Span
from talent_extract.records import ExtractionMeta

META = ExtractionMeta(
    model="test",
    backend="openai-compatible",
    mode="tool_call",
    prompt_version="t",
    schema_version="t",
)
INJECTED = "<script>window.__pwned=1</script>"
INJECTED_IMG = '<img src=x onerror="window.__pwned=1">'


def span(text: str, needle: str, start: int = 0) -> Span:
    """The span of ``needle`` in ``text`` (found from ``start``)."""
    at = text.index(needle, start)
    return Span(start=at, end=at + len(needle), text=needle)


def hostile_extraction() -> Extraction:
    """An article whose text, a person's name, a quote and an organisation carry markup."""
    text = (
        f"Kabar {INJECTED} hari ini.\n"
        f"Peneliti {INJECTED_IMG} keluar dari Orgaxa dan bergabung dengan <b>Borgix</b>.\n"
        '"Saya pergi <script>window.__pwned=1</script> sekarang," kata peneliti itu.\n'
    )
    sentence = text.splitlines()[1]
    quote_text = "Saya pergi <script>window.__pwned=1</script> sekarang,"
    return Extraction(
        text=text,
        article_id=f"hostile {INJECTED}",
        departures=[
            Departure(
                person=f"Peneliti {INJECTED_IMG}",
                from_org="Orgaxa",
                to_org="<b>Borgix</b>",
                status="completed",
                evidence=span(text, sentence),
            )
        ],
        offers=[
            Offer(
                offerer=INJECTED,
                recipient=INJECTED_IMG,
                amount=Money(min=1.0, max=2.0, currency="USD", text="<i>$1-2</i>"),
                evidence=span(text, INJECTED),
            )
        ],
        quotes=[
            Quote(
                speaker=INJECTED_IMG,
                speaker_role=INJECTED,
                text=quote_text,
                evidence=span(text, quote_text),
            )
        ],
        meta=META,
    )


class Structure(HTMLParser):
    """Collects what matters for safety and highlighting while parsing a page.

    ``scripts``: the text of each ``<script>``; ``attrs``: every (tag, name, value);
    ``cover``: for each character of the text inside ``container_class`` elements, the set of
    record ids (from ``data-record`` / ``data-cont`` marks) covering it; ``marks``: the
    ``data-record`` ids in document order; ``balanced``: whether every mark closed in order.
    """

    def __init__(self, container_class: str = "te-text") -> None:
        super().__init__(convert_charrefs=True)
        self.container_class = container_class
        self.scripts: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.marks: list[str] = []
        self.texts: list[list[tuple[str, frozenset[str]]]] = []
        self.balanced = True
        self._in_script = False
        self._stack: list[tuple[str, str | None]] = []  # (tag, record id) of open elements
        self._container_depth: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for name, value in attrs:
            self.attrs.append((tag, name, value))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        classes = (a.get("class") or "").split()
        if self._container_depth is None and self.container_class in classes:
            self._container_depth = len(self._stack)
            self.texts.append([])
        rid = None
        if tag == "mark":
            rid = a.get("data-record") or a.get("data-cont")
            if a.get("data-record"):
                self.marks.append(a["data-record"] or "")
        if tag not in ("meta", "input", "br", "img", "link"):
            self._stack.append((tag, rid))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if not self._stack or self._stack[-1][0] != tag:
            if tag == "mark":
                self.balanced = False
            return
        self._stack.pop()
        if self._container_depth is not None and len(self._stack) == self._container_depth:
            self._container_depth = None

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        if self._container_depth is not None:
            ids = frozenset(rid for _, rid in self._stack if rid)
            self.texts[-1].append((data, ids))

    def covered(self, index: int = 0) -> tuple[str, list[frozenset[str]]]:
        """The plain text of the ``index``-th container and the record ids over each char."""
        chars: list[frozenset[str]] = []
        plain = ""
        for data, ids in self.texts[index]:
            plain += data
            chars.extend([ids] * len(data))
        return plain, chars


def parse(html: str, container_class: str = "te-text") -> Structure:
    """Parse ``html`` into a :class:`Structure`."""
    s = Structure(container_class)
    s.feed(html)
    s.close()
    return s
