"""schema.org JSON-LD for profiles (a Person), for scholarly indexers."""

from __future__ import annotations

from papers.jsonld import ld_json


def person_jsonld(author, request) -> str:
    person = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": author.display_name,
        "url": request.build_absolute_uri(author.get_absolute_url()),
    }
    if author.institution_id:
        person["affiliation"] = {"@type": "Organization", "name": author.institution.name}
    same_as = [u for u in (author.homepage, _orcid_url(author.orcid)) if u]
    if same_as:
        person["sameAs"] = same_as
    if author.headline:
        person["description"] = author.headline
    return ld_json(person)


def _orcid_url(orcid: str) -> str:
    return f"https://orcid.org/{orcid}" if orcid else ""
