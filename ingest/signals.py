"""What ingest tells the layer above (curation listens; ingest imports none of it).

``authors_refreshed`` is sent at the end of a run, inside the transaction that
caught up the counters of every author the run touched, with their ids: the
re-clustering sweep revisits the name blocks of exactly those records.
"""

from django.dispatch import Signal

authors_refreshed = Signal()  # kwargs: author_ids (list[int])
