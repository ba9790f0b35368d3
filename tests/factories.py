"""factory-boy factories: rows with sensible defaults, so a test names only what it is about.

Papers as users get them come through the real ingest path, and most tests make them
that way: ``ingest(api_feed([paper_record(1, ["Ada Lovelace", "Alan Turing"])]))``
matches the names, writes bylines, edges, counters and the BibTeX entry. The model
factories below write rows as they are told, and nothing derived from them (an
author's works_count, co-author edges, Paper.bibtex): for an account, a researcher
record no paper names (merged away, never imported), or a paper a test wants exactly so.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from ingest.records import AuthorRecord, PaperRecord
from papers.models import Authorship, Paper, PaperVersion
from profiles.models import Author, AuthorAlias
from tests.conftest import PASSWORD
from tests.feedgen import make_record


def folded(name: str) -> str:
    """A plain-ASCII name as matching stores it: lower case, punctuation gone ("A. Lovelace" ->
    "a lovelace"). Names with accents or particles: pass ``normalized_name`` yourself."""
    return " ".join(re.sub(r"[^\w\s]", " ", name.lower()).split())


def paper_record(n: int, names: Iterable[str], **fields) -> PaperRecord:
    """Record ``n`` of ``tests.feedgen.make_record`` with this byline (names as printed,
    no affiliations); ``published`` alone sets ``updated`` too. For the ingest path."""
    if "published" in fields:
        fields.setdefault("updated", fields["published"])
    return make_record(n, authors=[AuthorRecord(name) for name in names], **fields)


def paper_in(n: int, names: Iterable[str], categories=("cs.LG",)) -> PaperRecord:
    """``paper_record`` listed in ``categories``, the first one primary: matching's evidence."""
    return paper_record(n, names, primary_category=categories[0], categories=list(categories))


def byline_at(arxiv_id: str, position: int) -> Authorship:
    """The stored byline in this slot, with its author."""
    return Authorship.objects.select_related("author").get(
        paper__arxiv_id=arxiv_id, position=position
    )


class UserFactory(DjangoModelFactory):
    """An account as allauth keeps it: ``create_user`` with the password ``PASSWORD`` and
    a primary email address, verified unless ``verified=False``. ``staff=True`` makes a
    superuser; ``curator=True`` staff in the "curator" group (the migrations make it) only."""

    class Meta:
        model = "auth.User"
        skip_postgeneration_save = True

    class Params:
        staff = False
        curator = False

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    username = factory.SelfAttribute("email")
    password = PASSWORD
    is_staff = factory.LazyAttribute(lambda o: o.staff or o.curator)
    is_superuser = factory.SelfAttribute("staff")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class._default_manager.create_user(*args, **kwargs)

    curator_group = factory.Maybe(
        "curator",
        factory.PostGeneration(
            lambda user, create, extracted, **kwargs: user.groups.add(
                Group.objects.get(name="curator")
            )
        ),
    )

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create:
            verified = extracted is not False
            EmailAddress.objects.create(
                user=user, email=user.email, verified=verified, primary=True
            )


class AuthorFactory(DjangoModelFactory):
    """A researcher record: ``AuthorFactory(display_name="A. Lovelace", merged_into=ada)``
    has slug "a-lovelace" and normalized_name "a lovelace" unless given."""

    class Meta:
        model = Author

    display_name = factory.Sequence(lambda n: f"Researcher Number{n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.display_name))
    normalized_name = factory.LazyAttribute(lambda o: folded(o.display_name))


class AuthorAliasFactory(DjangoModelFactory):
    """Another name an author's bylines print (matched like the display name)."""

    class Meta:
        model = AuthorAlias

    author = factory.SubFactory(AuthorFactory)
    name = factory.Sequence(lambda n: f"R. Number{n}")
    normalized = factory.LazyAttribute(lambda o: folded(o.name))


class PaperFactory(DjangoModelFactory):
    """A paper row; ``PaperFactory(byline=[ada, "ATLAS Collaboration"])`` also writes its
    bylines in order (an Author, or a name as printed that no record holds) and sets
    author_count and authors_text as ingest would. Ids are 2612.nnnnn, clear of the
    2601.nnnnn of ``make_record``."""

    class Meta:
        model = Paper
        skip_postgeneration_save = True

    arxiv_id = factory.Sequence(lambda n: f"2612.{n + 1:05d}")
    title = factory.LazyAttribute(lambda o: f"A Study of Sparse Graphs, {o.arxiv_id}")
    abstract = "We bound the number of sparse graphs with $n$ vertices."
    primary_category_id = "cs.LG"
    categories = factory.LazyAttribute(lambda o: [o.primary_category_id])
    published = factory.Sequence(
        lambda n: datetime(2026, 12, 1, 14, tzinfo=UTC) + timedelta(minutes=n % 1440)
    )
    updated = factory.SelfAttribute("published")
    announced_on = factory.LazyAttribute(lambda o: (o.published + timedelta(days=1)).date())
    announce_type = "new"
    content_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.arxiv_id.encode()).hexdigest())

    @factory.post_generation
    def byline(paper, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for position, who in enumerate(extracted):
            if isinstance(who, Author):
                AuthorshipFactory(paper=paper, author=who, position=position)
            else:
                AuthorshipFactory(
                    paper=paper, author=None, position=position, name_as_printed=who,
                    matched_by=Authorship.MatchedBy.GROUP,
                )  # fmt: skip
        names = paper.authorships.values_list("name_as_printed", flat=True)
        paper.author_count, paper.authors_text = len(names), ", ".join(names)
        paper.save(update_fields=["author_count", "authors_text"])


class PaperVersionFactory(DjangoModelFactory):
    class Meta:
        model = PaperVersion

    paper = factory.SubFactory(PaperFactory)
    version = factory.LazyAttribute(lambda o: o.paper.latest_version)
    submitted_at = factory.SelfAttribute("paper.published")
    size = "120kb"


class AuthorshipFactory(DjangoModelFactory):
    """One name on a byline, matched to ``author`` (new record by default) at the end of
    the paper's byline unless ``position`` is given."""

    class Meta:
        model = Authorship

    paper = factory.SubFactory(PaperFactory)
    author = factory.SubFactory(AuthorFactory)
    position = factory.LazyAttribute(lambda o: o.paper.authorships.count())
    name_as_printed = factory.LazyAttribute(lambda o: o.author.display_name)
    matched_by = Authorship.MatchedBy.NEW
