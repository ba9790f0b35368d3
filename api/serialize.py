"""Rows to the API's shapes (api.schemas): plain dicts, read only from what the queries loaded.

Each function reads fields the calling query already fetched (select_related,
only(), prefetches), so serialising a page never issues a query per row.
Owners appear only as "claimed": never the account behind a record.
"""

from __future__ import annotations

from django.urls import reverse

from profiles.models import VerificationLevel
from profiles.trust import label_for


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def researcher_links(request, slug: str) -> dict:
    return {
        "api": _absolute(request, reverse("api:researcher", args=[slug])),
        "html": _absolute(request, reverse("profiles:detail", args=[slug])),
        "atom": _absolute(request, reverse("profiles:feed", args=[slug])),
        "bibtex": _absolute(request, reverse("profiles:bibtex", args=[slug])),
    }


def paper_links(request, paper) -> dict:
    return {
        "api": _absolute(request, reverse("api:paper", args=[paper.arxiv_id])),
        "html": _absolute(request, paper.get_absolute_url()),
        "abs": paper.abs_url,
        "pdf": paper.pdf_url,
    }


def researcher_summary(request, author) -> dict:
    """A list entry; ``author`` comes with its institution (select_related)."""
    return {
        "slug": author.slug,
        "name": author.display_name,
        "affiliation": author.institution.name if author.institution_id else None,
        "works_count": author.works_count,
        "primary_category": author.primary_category,
        "claimed": author.claimed_by_id is not None,
        "verification_level": author.verification_level,
        "trust_score": author.trust_score,
        "links": researcher_links(request, author.slug),
    }


def researcher_detail(request, author, other_names: list[str]) -> dict:
    return {
        "slug": author.slug,
        "name": author.display_name,
        "other_names": other_names,
        "affiliation": author.institution.name if author.institution_id else None,
        "orcid": author.orcid or None,
        "homepage": author.homepage or None,
        "claimed": author.claimed_by_id is not None,
        "verification": {
            "level": author.verification_level,
            "label": VerificationLevel(author.verification_level).label,
        },
        "trust": {
            "score": author.trust_score,
            "label": label_for(author.trust_score),
            "breakdown": [
                {"key": line["key"], "label": line["label"], "points": line["points"]}
                for line in author.trust_breakdown or []
            ],
        },
        "counts": {
            "works_count": author.works_count,
            "followers": author.followers_count,
            "close_collaborators": author.close_collaborators_count,
            "topics": author.topics_count,
        },
        "metrics": {
            "citations": {
                "citations": author.citations_count,
                "h_index": author.h_index,
                "i10_index": author.i10_index,
                "source": author.citations_source,
                "as_of": author.citations_as_of,
            },
            "scores": {
                "novelty": author.novelty,
                "ai_score": author.ai_score,
                "as_of": author.scores_as_of,
            },
        },
        "categories": list(author.category_codes or []),
        "first_year": author.first_year,
        "last_year": author.last_year,
        "links": researcher_links(request, author.slug),
    }


def paper_summary(request, paper) -> dict:
    """A card: ``paper`` comes from papers.queries.with_lead_authors."""
    return {
        "arxiv_id": paper.arxiv_id,
        "version": paper.latest_version,
        "title": paper.title,
        "published": paper.published,
        "published_is_announcement": paper.dated_by_announcement,
        "primary_category": paper.primary_category_id,
        "categories": list(paper.categories),
        "author_count": paper.author_count,
        "lead_authors": [
            {
                "name": byline.name_as_printed,
                "position": byline.position,
                "researcher": byline.author.slug if byline.author_id else None,
            }
            for byline in paper.lead_authorships
        ],
        "citation_count": paper.citation_count,
        "upvotes": paper.upvotes_count,
        "links": paper_links(request, paper),
    }


def paper_detail(request, paper, categories, bylines) -> dict:
    """``paper`` with its versions prefetched; ``bylines`` as rows of the Byline schema."""
    return {
        "arxiv_id": paper.arxiv_id,
        "version": paper.latest_version,
        "title": paper.title,
        "abstract": paper.abstract,
        "published": paper.published,
        "published_is_announcement": paper.dated_by_announcement,
        "updated": paper.updated,
        "announced_on": paper.announced_on,
        "announce_type": paper.announce_type,
        "primary_category": paper.primary_category_id,
        "categories": [{"code": c.code, "name": c.name} for c in categories],
        "versions": [
            {"version": v.version, "submitted_at": v.submitted_at, "size": v.size}
            for v in paper.versions.all()
        ],
        "doi": paper.doi or None,
        "journal_ref": paper.journal_ref or None,
        "comment": paper.comment,
        "license": paper.license or None,
        "code_url": paper.code_url or None,
        "withdrawn": paper.withdrawn,
        "citations": {
            "count": paper.citation_count,
            "source": paper.citations_source,
            "as_of": paper.citations_as_of,
        },
        "novelty": paper.novelty,
        "upvotes": paper.upvotes_count,
        "bylines": bylines,
        "links": paper_links(request, paper),
    }
