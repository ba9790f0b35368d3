"""Settings for a load run against a served site (bench/throughput.py, bench/load.py).

Production's settings with the per-address limits lifted: every request of a load
run comes from one address, which the search limit (120 a minute) would otherwise
answer with 429s. Serve with ``DJANGO_SETTINGS_MODULE=bench.served_settings``.
"""

from config.settings import *  # noqa: F403

RATE_LIMITS = {**RATE_LIMITS, "search": "1000000/m", "api": "1000000/m"}  # noqa: F405
