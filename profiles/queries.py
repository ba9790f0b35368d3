"""Named read queries for profile pages; each one is served by an index named in profiles.models."""

from profiles.models import Author


def most_active_authors(limit=12):
    """Most works first, merged records hidden (author_active_idx)."""
    return Author.objects.filter(merged_into__isnull=True, works_count__gt=0).order_by(
        "-works_count", "id"
    )[:limit]


def author_works(author, limit=50):
    """An author's works, newest first, with bylines (authorship_author_idx)."""
    from papers.models import Paper
    from papers.queries import with_byline

    return with_byline(
        Paper.objects.filter(authorships__author=author, withdrawn=False).order_by(
            "-published", "-id"
        )
    )[:limit]
