"""What papers tell the layers above, which listen (papers imports none of them).

``citations_changed`` is sent inside the transaction that stored new citation
counts, with the ids of every author on those papers; profiles recomputes their
citation metrics in the same transaction.
"""

from django.dispatch import Signal

citations_changed = Signal()  # kwargs: author_ids (set[int])
