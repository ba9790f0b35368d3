"""The curation admin: one module per model, registered by importing them here."""

from curation import (  # noqa: F401
    audit_admin,
    authors_admin,
    claims_admin,
    records_admin,
    review_admin,
    runs_admin,
    sources_admin,
)
