"""A Paginator for admin changelists of big tables: no COUNT(*) over a hundred thousand rows.

An unfiltered changelist of 200,000 import records would spend most of its time
counting them, and so would one filtered to "applied" (most of them). So:

- unfiltered: PostgreSQL's own estimate of the table's rows (``pg_class.reltuples``,
  kept by VACUUM, ANALYZE and autovacuum) is the count;
- filtered or searched: rows are counted, but only up to ``exact_below`` of them
  (``SELECT count(*) FROM (… LIMIT n)``); fewer than that is the exact count, more
  and the planner's estimate of the filtered rows (EXPLAIN) is used instead;
- small tables, and tables PostgreSQL has never analysed, are counted exactly.

So a list that fits in a few pages always shows its exact count, and a long list
shows "about N" (``is_estimate``; ingest's pagination template says so). Use it with
``show_full_result_count = False``, the admin's other COUNT(*) of the whole table:

    from core.paginator import EstimatedCountPaginator

    class ImportRecordAdmin(admin.ModelAdmin):
        paginator = EstimatedCountPaginator
        show_full_result_count = False

An estimate can be off either way: the last pages may come up short or empty, or
the last few rows are reached by sorting or filtering instead.
"""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property


class EstimatedCountPaginator(Paginator):
    """Counts exactly up to ``exact_below`` rows; beyond, PostgreSQL's estimate is the count."""

    exact_below = 20_000
    is_estimate = False  # set once ``count`` is known

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not isinstance(queryset, QuerySet) or connections[queryset.db].vendor != "postgresql":
            return super().count
        if self._unfiltered(queryset):
            estimate = self._table_estimate(queryset)
            if estimate is None or estimate < self.exact_below:
                return super().count
            self.is_estimate = True
            return estimate
        # Only the first rows are counted: reading them all is what this class avoids.
        bounded = queryset.order_by()[: self.exact_below + 1].count()
        if bounded <= self.exact_below:
            return bounded
        self.is_estimate = True
        return max(bounded, self._planner_estimate(queryset))

    @staticmethod
    def _unfiltered(queryset) -> bool:
        query = queryset.query
        return not (
            query.where
            or query.distinct
            or query.combinator
            or query.is_sliced
            or query.group_by is not None
        )

    @staticmethod
    def _table_estimate(queryset) -> int | None:
        connection = connections[queryset.db]
        with connection.cursor() as cursor:
            # reltuples is -1 for a table never vacuumed or analysed: "unknown".
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)",
                [connection.ops.quote_name(queryset.model._meta.db_table)],
            )
            row = cursor.fetchone()
        return row[0] if row and row[0] >= 0 else None

    @staticmethod
    def _planner_estimate(queryset) -> int:
        plan = json.loads(queryset.order_by().explain(format="json"))
        return int(plan[0]["Plan"]["Plan Rows"])
