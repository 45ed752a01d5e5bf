"""The reader site: everything a reader requests.

Owns the public views (``views``), list filters (``filters``), full-text search (``search``),
the feed and sitemaps (``feeds``, ``sitemaps``), open data (``opendata``), citation files
(``citations``), redirects of old addresses (``redirects``), the public page cache
(``cache``), PDF downloads (``downloads``, ``collection_downloads``), images (``images``)
and the site-wide template context (``context_processors``).

May import: ``core``, ``municipalities.models``, ``interviews.models``,
``interviews.selectors`` and ``interviews.pdf`` (file names and stored files). Never
imports ``interviews.editorial``.
"""
