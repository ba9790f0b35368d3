"""What the API answers, as typed schemas: django-ninja turns these into the OpenAPI document.

Field names follow the pages (a researcher's "works", "close collaborators",
"trust"), and each number that comes from elsewhere carries its source and date.
Nothing here can hold an account's email, a pending claim or a message.
"""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


class Message(Schema):
    """Every error: what went wrong, in a sentence; validation errors also list the fields."""

    message: str
    errors: list[dict] | None = None


class TrustLine(Schema):
    key: str
    label: str
    points: int


class Trust(Schema):
    score: int
    label: str
    breakdown: list[TrustLine]


class Verification(Schema):
    level: int
    label: str


class Counts(Schema):
    works_count: int
    followers: int
    close_collaborators: int
    topics: int


class Citations(Schema):
    """Citation metrics; null until a source has counted any of the works."""

    citations: int | None
    h_index: int | None
    i10_index: int | None
    source: str
    as_of: datetime | None


class Scores(Schema):
    novelty: float | None
    ai_score: float | None
    as_of: datetime | None


class Metrics(Schema):
    citations: Citations
    scores: Scores


class ResearcherLinks(Schema):
    api: str
    html: str
    atom: str
    bibtex: str


class ResearcherSummary(Schema):
    slug: str
    name: str
    affiliation: str | None
    works_count: int
    primary_category: str
    claimed: bool
    verification_level: int
    trust_score: int
    links: ResearcherLinks


class Researcher(Schema):
    slug: str
    name: str
    other_names: list[str]
    affiliation: str | None
    orcid: str | None
    homepage: str | None
    claimed: bool
    verification: Verification
    trust: Trust
    counts: Counts
    metrics: Metrics
    categories: list[str]
    first_year: int | None
    last_year: int | None
    links: ResearcherLinks


class ResearcherPage(Schema):
    items: list[ResearcherSummary]
    next_cursor: str | None


class LeadAuthor(Schema):
    name: str
    position: int
    researcher: str | None


class PaperLinks(Schema):
    api: str
    html: str
    abs: str
    pdf: str


class PaperSummary(Schema):
    arxiv_id: str
    version: int
    title: str
    published: datetime | None
    # True while ``published`` is arXiv's announcement (the v1 date is being fetched).
    published_is_announcement: bool = False
    primary_category: str | None
    categories: list[str]
    author_count: int
    lead_authors: list[LeadAuthor]
    citation_count: int | None
    upvotes: int
    links: PaperLinks


class PaperPage(Schema):
    items: list[PaperSummary]
    next_cursor: str | None


class Version(Schema):
    version: int
    submitted_at: datetime | None
    size: str


class Category(Schema):
    code: str
    name: str


class Byline(Schema):
    position: int
    name_as_printed: str
    affiliation_as_printed: str
    researcher: str | None
    matched_by: str
    confidence: float


class PaperCitations(Schema):
    count: int | None
    source: str
    as_of: datetime | None


class Paper(Schema):
    arxiv_id: str
    version: int
    title: str
    abstract: str
    published: datetime | None
    published_is_announcement: bool = False
    updated: datetime | None
    announced_on: date | None
    announce_type: str
    primary_category: str | None
    categories: list[Category]
    versions: list[Version]
    doi: str | None
    journal_ref: str | None
    comment: str
    license: str | None
    code_url: str | None
    withdrawn: bool
    citations: PaperCitations
    novelty: float | None
    upvotes: int
    bylines: list[Byline]
    links: PaperLinks


class Coauthor(Schema):
    researcher: ResearcherSummary
    weight: float
    shared_works: int
    first_year: int | None
    last_year: int | None


class Coauthors(Schema):
    total: int
    close_total: int
    items: list[Coauthor]


class SearchResults(Schema):
    query: str
    exact: PaperSummary | None
    researchers: list[ResearcherSummary]
    papers: list[PaperSummary]


class Daily(Schema):
    date: date | None
    previous: date | None
    next: date | None
    items: list[PaperSummary]
    next_cursor: str | None
