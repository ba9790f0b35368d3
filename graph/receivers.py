"""How the co-author graph follows byline changes made outside ingest (owner corrections)."""

from django.dispatch import receiver

from graph import cache
from graph.edges import apply_paper_edges
from profiles.signals import bylines_changed


@receiver(bylines_changed, dispatch_uid="graph-edges-follow-bylines")
def edges_follow_bylines(sender, papers, **kwargs):
    """Take back each paper's old co-author pairs, add the new ones, drop cached slices."""
    touched: set[int] = set()
    for paper_id, (before_ids, after_ids, year) in papers.items():
        apply_paper_edges({paper_id: (before_ids, year)}, sign=-1)
        apply_paper_edges({paper_id: (after_ids, year)}, sign=1)
        touched.update(before_ids)
    cache.forget(sorted(touched))
