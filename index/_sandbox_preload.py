"""Imported once by the parse sandbox's forkserver, so every child starts with the parsers loaded
and jieba's dictionary in memory (loading it takes ~1 s; a child per file must not pay that)."""

import jieba

import index.parse  # noqa: F401
import index.pdf_parser  # noqa: F401
import index.plausibility  # noqa: F401
import index.sandbox  # noqa: F401
import index.text_parser  # noqa: F401

jieba.setLogLevel(60)
jieba.initialize()
