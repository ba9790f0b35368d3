"""Every fixed beat schedule of the site, in one place (feed sources keep theirs on their rows).

``manage.py sync_schedules`` (and every ``migrate``) writes these into
django-celery-beat: a missing entry is created as below; an existing one keeps
the timing and the on/off switch a curator set in the admin (Periodic tasks)
and takes the task, arguments and description from here.
"""

PERIODIC_TASKS = [
    {
        "name": "Send daily digests",
        "task": "digests.tasks.send_digests",
        "kwargs": {"frequency": "daily"},
        # 06:00 UTC: after arXiv's 00:00 UTC announcement, before the working day in
        # Europe; the day's papers have had a full day of upvotes.
        "crontab": {"minute": "0", "hour": "6", "day_of_week": "*"},
        "description": "Email each confirmed daily subscriber the top papers of the last announce day.",
    },
    {
        "name": "Send weekly digests",
        "task": "digests.tasks.send_digests",
        "kwargs": {"frequency": "weekly"},
        "crontab": {"minute": "0", "hour": "6", "day_of_week": "1"},
        "description": "Email each confirmed weekly subscriber the top papers of the past week (Mondays).",
    },
    {
        "name": "Refresh stale citations",
        "task": "papers.tasks.refresh_stale_citations",
        "kwargs": {"batch_size": 500, "max_batches": 4},
        "every_minutes": 60,
        "description": "Fetch citation counts (Semantic Scholar, then OpenAlex) for papers never checked or checked over 7 days ago.",
    },
    {
        "name": "Recompute novelty and AI scores",
        "task": "profiles.tasks.recompute_scores",
        # Import runs score what they bring; this catches up the rest, batch by batch, to empty.
        "kwargs": {"batch_size": 500},
        "every_minutes": 60,
        "description": "Catch up: score every paper still without a novelty (in batches of 500, until none is left), then refresh Novelty % and AI score of their authors and of authors whose works changed.",
    },
    {
        "name": "Send tasks held while the broker was down",
        "task": "core.tasks.send_held_tasks",
        "kwargs": {},
        "every_minutes": 1,
        "description": "Send the follow-up tasks (trust refreshes, claim re-checks, reruns) that writes asked for while Redis could not be reached; they wait in the database until then.",
    },
    {
        "name": "Reap lost import runs",
        "task": "ingest.tasks.reap_lost_runs",
        "kwargs": {},
        "every_minutes": 1,
        "description": "Mark running imports with no heartbeat for IMPORT_HEARTBEAT_LIMIT seconds as failed (worker lost), with how far they got.",
    },
]
