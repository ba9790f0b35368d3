"""What profiles tell the layers above, which listen (profiles imports none of them).

``bylines_changed`` is sent inside the transaction that moved bylines off or onto
records outside ingest (an owner's "not mine"), with
``papers={paper_id: (author_ids_before, author_ids_after, year)}``; the graph
takes back the old co-author edges, adds the new ones and forgets cached slices
before the sender reads the counters that depend on them.
"""

from django.dispatch import Signal

bylines_changed = Signal()
