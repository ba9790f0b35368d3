"""What a claim is backed by: every check made when someone claims a record, and what it proves.

Evidence comes in three strengths (README "How trust works"):

- *proof* approves a claim at once (L3): an exact address of the claimant's,
  printed in one of the record's works and tied to this byline
  (``profiles.printed_emails``); or an ORCID sign-in whose public record lists
  the record's works (at least two, or all of them when it has fewer) under a
  name compatible with the record's;
- *support* lifts a claim to the top of the curator queue but never approves it:
  a verified address at the record's institution (it proves where someone
  works, not who they are), or the claimant's exact address printed on a
  co-authored work without a tie to this byline;
- a *conflict* turns the claim into a dispute for a curator: the claimant's
  ORCID iD is already on another record, or this record carries another iD.

A claim without proof waits for a curator (L2). Nothing here writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db.models import Q

from core.names import names_compatible
from papers.models import Authorship, Paper
from profiles.models import Author, AuthorAlias, VerificationLevel
from profiles.orcid import OrcidUnavailable, orcid_of, orcid_record
from profiles.printed_emails import (
    Address,
    Byline,
    encode_domain,
    exact_matches,
    parse_address,
    tie,
)

PROOF = {"email_in_works", "orcid"}
SUPPORT = {"institution_email", "email_on_coauthored_work"}
CONFLICT = {"orcid_conflict"}
ORCID_WORKS_NEEDED = 2
ORCID_UNREACHABLE = "ORCID could not be reached: your claim waits and we will ask ORCID again."


@dataclass(frozen=True)
class Evidence:
    """One check made when a claim is filed, and what it showed."""

    key: str
    label: str
    passed: bool
    detail: str = ""


def gather_evidence(user, author: Author, orcid_http=None) -> list[Evidence]:
    """Every check, passed or not, so the claimant and the curator see the same list."""
    emails = list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
    addresses = [a for a in (parse_address(e) for e in emails) if a is not None]
    evidence = [
        Evidence(
            "verified_email",
            "A verified email address",
            bool(emails),
            ", ".join(emails) if emails else "Verify your email address first.",
        )
    ]
    evidence.extend(_printed_email_evidence(author, addresses))
    evidence.append(_institution_evidence(author, addresses))
    evidence.extend(_orcid_evidence(user, author, orcid_http))
    return evidence


def level_for(evidence: list[Evidence]) -> int:
    """L3 with proof, L2 with a verified address, L1 (cannot claim) without one."""
    passed = {e.key for e in evidence if e.passed}
    if "verified_email" not in passed:
        return VerificationLevel.IMPORTED
    if passed & PROOF and not passed & CONFLICT:
        return VerificationLevel.EVIDENCE
    return VerificationLevel.CLAIMED


def priority_for(evidence: list[Evidence]) -> int:
    """Curator queue order: conflicts first, then claims with supporting evidence."""
    passed = {e.key for e in evidence if e.passed}
    return 10 * len(passed & CONFLICT) + len(passed & SUPPORT)


def orcid_unreachable(evidence: list[dict]) -> bool:
    """Whether a claim's stored evidence says ORCID could not be asked (it waits for ORCID)."""
    return any(e.get("key") == "orcid" and e.get("detail") == ORCID_UNREACHABLE for e in evidence)


def _printed_email_evidence(author: Author, addresses: list[Address]) -> list[Evidence]:
    tied, untied = _printed_addresses(author, addresses)
    proof = Evidence(
        "email_in_works",
        "Your email address printed in one of the works, next to your name",
        bool(tied),
        tied or "None of your addresses is printed beside this name in its works.",
    )
    if tied or not untied:
        return [proof]
    support = Evidence(
        "email_on_coauthored_work",
        "Your email address printed on a co-authored work (not tied to this byline)",
        True,
        f"{untied}: a curator checks whose address it is.",
    )
    return [proof, support]


def _printed_addresses(author: Author, addresses: list[Address]) -> tuple[str, str]:
    """The first tied finding ("x@y in arXiv:… (why)") and the first untied one."""
    if not addresses:
        return "", ""
    candidates = _works_printing(author, addresses)
    tied = untied = ""
    for paper, bylines, mine in candidates:
        texts = [paper.comment, paper.abstract, *(b.affiliation for b in bylines)]
        for address in dict.fromkeys(a for text in texts for a in exact_matches(addresses, text)):
            why = tie(address, bylines, mine, paper.comment, paper.abstract)
            if why and not tied:
                tied = f"{address} in arXiv:{paper.arxiv_id} ({why})"
            elif not why and not untied:
                untied = f"{address} in arXiv:{paper.arxiv_id}"
        if tied:
            break
    return tied, untied


def _works_printing(author: Author, addresses: list[Address]):
    """The record's works whose text may print one of the addresses, with their bylines."""
    # The domain is the selective part and is ASCII after IDNA encoding; the exact,
    # bounded comparison happens in Python on the few works this finds.
    domains = sorted({a.domain for a in addresses})
    own = Authorship.objects.filter(author=author).values("paper_id")
    in_text = Paper.objects.filter(pk__in=own).filter(_mentions(domains, "comment", "abstract"))
    in_affiliation = Authorship.objects.filter(paper_id__in=own).filter(
        _mentions(domains, "affiliation_as_printed")
    )
    ids = set(in_text.values_list("id", flat=True)[:50])
    ids |= set(in_affiliation.values_list("paper_id", flat=True)[:50])
    matching = list(
        Paper.objects.filter(pk__in=ids)
        .only("id", "arxiv_id", "comment", "abstract")
        .order_by("id")
    )
    rows = Authorship.objects.filter(paper__in=[p.pk for p in matching]).order_by(
        "paper_id", "position"
    )
    bylines: dict[int, list[Byline]] = {}
    for row in rows.values_list(
        "paper_id", "author_id", "name_as_printed", "affiliation_as_printed"
    ):
        paper_id, author_id, name, affiliation = row
        bylines.setdefault(paper_id, []).append(Byline(author_id, name, affiliation))
    for paper in matching:
        names = bylines.get(paper.pk, [])
        mine = next((i for i, b in enumerate(names) if b.author_id == author.pk), None)
        if mine is not None:
            yield paper, names, mine


def _mentions(domains: list[str], *fields: str) -> Q:
    match = Q()
    for domain in domains:
        for field in fields:
            match |= Q(**{f"{field}__icontains": domain})
    return match


def _institution_evidence(author: Author, addresses: list[Address]) -> Evidence:
    label = "A verified email at the record's institution (supporting: proves where, not who)"
    domain = encode_domain(author.institution.email_domain) if author.institution_id else ""
    if not domain:
        return Evidence("institution_email", label, False, "No institution domain on record.")
    at = [a for a in addresses if a.domain == domain or a.domain.endswith("." + domain)]
    if at:
        return Evidence("institution_email", label, True, str(at[0]))
    return Evidence("institution_email", label, False, f"None of your addresses is at {domain}.")


def _orcid_evidence(user, author: Author, http) -> list[Evidence]:
    label = "ORCID sign-in listing this record's works under your name"
    orcid = orcid_of(user)
    if not orcid:
        return [Evidence("orcid", label, False, "Sign in with ORCID to add this evidence.")]
    conflict = _orcid_conflict(author, orcid)
    if conflict:
        return [
            Evidence("orcid", label, False, "Not used: see the dispute below."),
            Evidence("orcid_conflict", "ORCID iD in dispute", True, conflict),
        ]
    try:
        record = orcid_record(orcid, http)
    except OrcidUnavailable:
        return [Evidence("orcid", label, False, ORCID_UNREACHABLE)]
    works = set(Paper.objects.filter(authorships__author=author).values_list("arxiv_id", flat=True))
    needed = min(ORCID_WORKS_NEEDED, len(works))
    shared = sorted(works & record.arxiv_ids)
    if not works or len(shared) < needed:
        return [
            Evidence(
                "orcid",
                label,
                False,
                f"Your ORCID record lists {len(shared)} of this record's works; {needed} needed.",
            )
        ]
    names = [author.display_name, *AuthorAlias.objects.filter(author=author).values_list(
        "name", flat=True
    )]  # fmt: skip
    if not any(names_compatible(o, n) for o in record.names for n in names):
        shown = record.names[0] if record.names else "no name"
        return [
            Evidence(
                "orcid",
                label,
                False,
                f"Your ORCID record's name ({shown}) does not match {author.display_name}.",
            )
        ]
    listed = ", ".join(f"arXiv:{i}" for i in shared[:3])
    return [Evidence("orcid", label, True, f"{orcid} lists {listed} under {record.names[0]}.")]


def _orcid_conflict(author: Author, orcid: str) -> str:
    if author.orcid and author.orcid != orcid:
        return f"This record carries another ORCID iD ({author.orcid}); yours is {orcid}."
    other = (
        Author.objects.filter(orcid=orcid, merged_into__isnull=True)
        .exclude(pk=author.pk)
        .only("display_name", "slug")
        .first()
    )
    if other:
        return f"Your ORCID iD {orcid} is already on the record of {other.display_name} ({other.slug})."
    return ""
