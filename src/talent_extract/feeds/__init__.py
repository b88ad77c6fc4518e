"""News feeds as they are: polite fetching, full pages for teasers, only new work, a watch loop.

* :mod:`~talent_extract.feeds.fetch` -- :class:`~talent_extract.feeds.fetch.Fetcher`: timeouts,
  a size cap, a redirect limit, content type and charset checks, per-host concurrency and delay,
  ``robots.txt``, a User-Agent with a contact (``TALENT_EXTRACT_CONTACT``), conditional GET.
* :mod:`~talent_extract.feeds.pages` -- when an entry is a teaser
  (``TALENT_EXTRACT_TEASER_CHARS``) and the story of its page (trafilatura), with the entry's
  title and date.
* :mod:`~talent_extract.feeds.reader` -- a URL as articles: a feed's entries or one page, an
  entry already done taken from the store without fetching its page.
* :mod:`~talent_extract.feeds.state` -- validators, teaser hashes and entries to retry, in the
  store's SQLite file.
* :mod:`~talent_extract.feeds.watch` -- ``talent-extract watch``.

A failed fetch is a :class:`~talent_extract.FetchError`, recorded as that article's failure.
"""
