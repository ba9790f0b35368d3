"""Curator pages inside the admin: who-is-who questions, merge, split, the match queue, undo.

Each view is wrapped by AdminSite.admin_view (staff only, CSRF, no caching) and
checks the model permission its action needs. GET shows a preview; POST does the
work through curation.identity and redirects with a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from audit import trail
from audit.models import AuditEvent
from audit.trail import undoable_actions
from core.names import blocking_keys, names_compatible, normalize_name
from curation import clusters, identity, questions
from curation.models import IdentityQuestion
from ingest.matching import REVIEW_BELOW
from papers.http import row_or_404
from papers.models import Authorship, Paper
from profiles import claims
from profiles.models import Author, AuthorAlias, Claim

REPAIR = "profiles.repair_identity"
UNDO = REPAIR  # undoing an identity repair is identity repair
CLAIMS = "profiles.change_claim"
MATCH_QUEUE_SIZE = 40  # bylines per page of "matches to check"
QUESTIONS_PER_PAGE = 50


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied(f"You need the “{permission}” permission for this.")


def _page(request, admin_site, template, title, **context):
    return TemplateResponse(
        request, template, {**admin_site.each_context(request), "title": title, **context}
    )


def duplicates(request, admin_site):
    """The sweep's open questions, best first, all of them, a page at a time: records that
    may be one person (``?kind=duplicate``), or one record that may be two (``?kind=split``).
    POST merges a pair (with an Undo link) or dismisses a question."""
    _require(request, REPAIR)
    if request.method == "POST":
        return _answer_question(request)
    kind = request.GET.get("kind")
    kind = kind if kind in IdentityQuestion.Kind.values else IdentityQuestion.Kind.DUPLICATE
    tabs = [
        (value, label, questions.open_questions(value).count())
        for value, label in IdentityQuestion.Kind.choices
    ]
    if kind == IdentityQuestion.Kind.DUPLICATE:  # one row per group of records the pairs link
        page = Paginator(clusters.duplicate_clusters(), QUESTIONS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        rows = clusters.clusters_of(page.object_list)
    else:
        page = Paginator(questions.open_questions(kind), QUESTIONS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        rows = list(page)
    return _page(
        request, admin_site, "admin/profiles/duplicates.html", "Who is who: questions",
        page=page, rows=rows, kind=kind, tabs=tabs,
    )  # fmt: skip


def _answer_cluster(request, decision: str):
    """Merge every record of a cluster into the one with most works, or dismiss its pairs."""
    back = reverse("admin:profiles_author_duplicates")
    cluster = clusters.cluster_from_post(request.POST.get("cluster", ""))
    if cluster is None:
        messages.error(request, "Those questions are answered already.")
        return redirect(back)
    if decision == "dismiss_cluster":
        for question in cluster.questions:
            questions.dismiss(question, request.user)
        messages.success(request, f"Dismissed {len(cluster.questions)} questions: not asked again.")
        return redirect(back)
    survivor = cluster.survivor
    for loser in cluster.records[1:]:
        _merge_with_message(
            request, survivor, loser, "From the duplicates queue: one person, as a cluster"
        )
    return redirect(back)


def _answer_question(request):
    if (decision := request.POST.get("decision")) in ("merge_cluster", "dismiss_cluster"):
        return _answer_cluster(request, decision)
    question = row_or_404(IdentityQuestion, request.POST.get("question"))
    back = f"{reverse('admin:profiles_author_duplicates')}?kind={question.kind}"
    if request.POST.get("decision") == "dismiss":
        questions.dismiss(question, request.user)
        messages.success(request, "Dismissed: it will not be asked again.")
        return redirect(back)
    if request.POST.get("decision") != "merge" or question.other is None:
        messages.error(request, "Choose what to do with this question.")
        return redirect(back)
    _merge_with_message(
        request, question.author, question.other, f"From the duplicates queue: {question.evidence}"
    )
    return redirect(back)


def _merge_with_message(request, survivor, loser, reason) -> bool:
    """Merge and say so (with an Undo link), or say why not; whether it merged."""
    try:
        event = identity.merge(survivor, loser, request.user, reason)
    except identity.IdentityRefused as refused:
        messages.error(request, str(refused))
        return False
    messages.success(
        request,
        format_html(
            'Merged {} into {}. <a href="{}">Undo</a>',
            loser.display_name, survivor.display_name,
            reverse("admin:profiles_author_undo", args=[event.pk]),
        ),
    )  # fmt: skip
    return True


def merge(request, admin_site):
    """Preview (GET ?survivor=&loser=) and apply (POST) a merge."""
    _require(request, REPAIR)
    data = request.POST if request.method == "POST" else request.GET
    survivor = row_or_404(Author, data.get("survivor"))
    loser = row_or_404(Author, data.get("loser"))
    if request.method == "POST" and _merge_with_message(
        request, survivor, loser, data.get("reason", "")
    ):
        return redirect(reverse("admin:profiles_author_change", args=[survivor.pk]))
    return _page(
        request, admin_site, "admin/profiles/merge.html", "Merge two author records",
        preview=identity.preview_merge(survivor, loser),
        sides=[_side(survivor), _side(loser)],
    )  # fmt: skip


def split(request, admin_site, author_id):
    """Pick works of one record and move them to a new or an existing record."""
    _require(request, REPAIR)
    author = get_object_or_404(Author, pk=author_id)
    bylines = (
        Authorship.objects.filter(author=author)
        .select_related("paper", "paper__primary_category")
        .order_by("-paper__published")
    )
    if request.method == "POST":
        target = request.POST.get("to", "").strip()
        try:
            to = Author.objects.get(pk=int(target)) if target else None
            event = identity.move_bylines(
                request.POST.getlist("byline"), to=to, new_name=request.POST.get("new_name", ""),
                curator=request.user, reason=request.POST.get("reason", ""),
            )  # fmt: skip
        except (identity.IdentityRefused, ValueError, Author.DoesNotExist) as refused:
            messages.error(request, _explain(refused))
        else:
            moved_to = Author.objects.get(pk=event.after["to"])
            messages.success(
                request,
                format_html(
                    'Moved {} work(s) to <a href="{}">{}</a>. <a href="{}">Undo</a>',
                    len(event.after["bylines"]),
                    reverse("admin:profiles_author_change", args=[moved_to.pk]),
                    moved_to.display_name,
                    reverse("admin:profiles_author_undo", args=[event.pk]),
                ),
            )
            return redirect(reverse("admin:profiles_author_change", args=[author.pk]))
    return _page(
        request, admin_site, "admin/profiles/split.html", f"Split {author.display_name}",
        author=author, bylines=bylines[:2000],
    )  # fmt: skip


def matches(request, admin_site):
    """Low-confidence matches and works owners said are not theirs, with the candidates."""
    _require(request, REPAIR)
    if request.method == "POST":
        return _decide_match(request)
    page = Paginator(
        Authorship.objects.filter(confidence__lt=REVIEW_BELOW)
        .exclude(matched_by__in=[Authorship.MatchedBy.GROUP, Authorship.MatchedBy.CURATOR])
        .select_related("paper", "author", "held_from")
        .order_by("confidence", "-paper__published", "id"),
        MATCH_QUEUE_SIZE,
    ).get_page(request.GET.get("page"))
    queue = list(page)
    # Every live record a queued name could be: same blocking key, compatible spelling.
    # Spellings first (a common block holds thousands), records only for those that fit.
    names = {_folded(b.name_as_printed) for b in queue}
    blocks = {key for name in names for key in blocking_keys(name)}
    fits: dict[str, set[int]] = {}
    for author_id, spelling in AuthorAlias.objects.filter(
        block__in=blocks, author__merged_into__isnull=True
    ).values_list("author_id", "normalized"):
        for name in names:
            if name == spelling or names_compatible(name, spelling):
                fits.setdefault(name, set()).add(author_id)
    records = Author.objects.select_related("institution").in_bulk(
        {a for ids in fits.values() for a in ids}
    )
    candidates = {
        name: sorted((records[a] for a in ids), key=lambda r: (-r.works_count, r.pk))
        for name, ids in fits.items()
    }
    # Each candidate compared once, however many bylines name it (a side is three queries).
    sides: dict[int, dict] = {}
    items = []
    for byline in queue:
        # The record the byline is on first, then the likeliest others (most works).
        found = candidates.get(_folded(byline.name_as_printed), [])
        shown = sorted(found, key=lambda a: a.pk != byline.author_id)[:4]
        for a in shown:
            if a.pk not in sides:
                sides[a.pk] = _side(a)
        items.append((byline, [sides[a.pk] for a in shown]))
    return _page(
        request, admin_site, "admin/profiles/matches.html", "Matches to check",
        items=items, page=page,
    )  # fmt: skip


def _decide_match(request):
    byline = row_or_404(Authorship, request.POST.get("byline"))
    decision = request.POST.get("decision")
    try:
        if decision == "confirm" and byline.author_id:
            Authorship.objects.filter(pk=byline.pk).update(
                matched_by=Authorship.MatchedBy.CURATOR, confidence=1.0
            )
            from audit.trail import record

            record(request.user, "match_confirmed", byline, before={"confidence": byline.confidence},
                   after={"confidence": 1.0})  # fmt: skip
            messages.success(request, f"Confirmed {byline.name_as_printed} on {byline.paper_id}.")
        elif decision == "move":
            to = row_or_404(Author, request.POST.get("to"))
            identity.move_bylines([byline.pk], to=to, curator=request.user)
            messages.success(request, f"Moved to {to.display_name}.")
        elif decision == "new":
            identity.move_bylines(
                [byline.pk], new_name=byline.name_as_printed, curator=request.user
            )
            messages.success(request, f"Gave {byline.name_as_printed} a record of their own.")
        else:
            messages.error(request, "Choose what to do with this byline.")
    except identity.IdentityRefused as refused:
        messages.error(request, str(refused))
    return redirect(reverse("admin:profiles_author_matches"))


def undo(request, admin_site, event_id):
    """Undo a merge, a move or a dispute decision (POST), or explain what blocks it (GET)."""
    event = get_object_or_404(AuditEvent, pk=event_id)
    _require(request, CLAIMS if event.action == claims.DISPUTE_DECIDED else UNDO)
    name = undoable_actions().get(event.action, event.action)
    if request.method == "POST":
        try:
            trail.undo(event, request.user)
        except trail.UndoRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"Undone: {name}.")
        return redirect(reverse("admin:profiles_author_undo", args=[event.pk]))
    return _page(
        request, admin_site, "admin/profiles/undo.html", "Undo a curation action",
        event=event, blocked=trail.why_not_undo(event), action_name=name,
    )  # fmt: skip


def dispute(request, admin_site, claim_id):
    """A dispute beside the owner's claim, each with its evidence; POST decides it."""
    _require(request, CLAIMS)
    disputed = get_object_or_404(
        Claim.objects.select_related("author", "user"), pk=claim_id, kind=Claim.Kind.DISPUTE
    )
    if request.method == "POST":
        try:
            event = claims.decide_dispute(
                disputed, request.user,
                give_to_disputer=request.POST.get("decision") == "give",
                note=request.POST.get("note", "")[:2000],
            )  # fmt: skip
        except claims.ClaimRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                format_html('Dispute decided. <a href="{}">Undo</a>',
                            reverse("admin:profiles_author_undo", args=[event.pk])),
            )  # fmt: skip
        return redirect(reverse("admin:profiles_claim_dispute", args=[disputed.pk]))
    return _page(
        request, admin_site, "admin/profiles/dispute.html", "Decide a dispute",
        dispute=disputed, owner_claim=claims.owner_claim(disputed.author),
    )  # fmt: skip


def _side(author: Author) -> dict:
    """What a curator compares: works, co-authors, categories, affiliations."""
    recent = list(
        Paper.objects.filter(authorships__author=author)
        .order_by("-published")
        .only("arxiv_id", "title", "title_html", "published")[:5]
    )
    coauthors = list(
        Author.objects.filter(authorships__paper__authorships__author=author)
        .exclude(pk=author.pk)
        .annotate(shared=Count("authorships__paper", distinct=True))
        .order_by("-shared")[:6]
    )
    affiliations = list(
        Authorship.objects.filter(author=author)
        .exclude(affiliation_as_printed="")
        .values_list("affiliation_as_printed", flat=True)
        .distinct()[:4]
    )
    return {
        "author": author,
        "recent": recent,
        "coauthors": coauthors,
        "affiliations": affiliations,
    }


def _folded(name: str) -> str:
    return normalize_name(name)


def _explain(error) -> str:
    if isinstance(error, Author.DoesNotExist):
        return "There is no author record with that id."
    if isinstance(error, ValueError):
        return "The record to move the works to must be an author id (a number)."
    return str(error)
