"""schema.org JSON-LD for papers (a ScholarlyArticle), and the one way to write such a block."""

from __future__ import annotations

import json

from django.utils.safestring import mark_safe

# As django.utils.html.json_script escapes: no "</script>" or markup can close the block.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def ld_json(data: dict) -> str:
    """A <script type="application/ld+json"> block that text from a feed cannot break out of."""
    text = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def article_jsonld(paper, bylines, request) -> str:
    article = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": paper.title[:110],
        "name": paper.title,
        "abstract": paper.abstract,
        "url": request.build_absolute_uri(paper.get_absolute_url()),
        "sameAs": paper.abs_url,
        "identifier": f"arXiv:{paper.versioned_id}",
        "isAccessibleForFree": True,
        "keywords": paper.categories,
        "author": [
            {"@type": "Person", "name": b.name_as_printed}
            | ({"url": request.build_absolute_uri(b.author.get_absolute_url())} if b.author else {})
            for b in bylines
        ],
    }
    if paper.published:
        article["datePublished"] = paper.published.date().isoformat()
    if paper.updated:
        article["dateModified"] = paper.updated.date().isoformat()
    if paper.doi:
        article["sameAs"] = [paper.abs_url, f"https://doi.org/{paper.doi}"]
    if paper.journal_ref:
        article["isPartOf"] = {"@type": "Periodical", "name": paper.journal_ref}
    return ld_json(article)
