"""Anonymous readers of the demo: profiles, papers, Daily and search (bench/load.py runs it).

Each simulated visitor opens a random page of the four kinds, no pause between
requests (the load is as high as the clients can make it). The slugs and arXiv ids
come from the served site's own pages, read once at start.
"""

from __future__ import annotations

import random
import re

from locust import HttpUser, events, task

PROFILES = ["travis-gagie", "gonzalo-navarro", "shunsuke-inenaga"]
PAPERS = ["1409.3835", "1412.7654", "1605.03256"]
SEARCHES = ["graph", "quantum", "compression", "string", "neural network"]
DAYS = ["", "2014-12-24/", "2014-12-23/"]


@events.test_start.add_listener
def _discover(environment, **kwargs):
    """More profiles and papers from the Daily page, so not every request hits one URL."""
    import httpx

    try:
        page = httpx.get(environment.host + "/papers/daily/2014-12-24/", timeout=30).text
    except httpx.HTTPError:
        return
    PROFILES.extend(sorted(set(re.findall(r'href="/researchers/([\w-]+)/"', page)))[:40])
    PAPERS.extend(sorted(set(re.findall(r'href="/papers/(\d{4}\.\d{4,5})/"', page)))[:40])


class Reader(HttpUser):
    @task(3)
    def profile(self):
        self.client.get(f"/researchers/{random.choice(PROFILES)}/", name="profile")

    @task(3)
    def paper(self):
        self.client.get(f"/papers/{random.choice(PAPERS)}/", name="paper")

    @task(2)
    def daily(self):
        self.client.get(f"/papers/daily/{random.choice(DAYS)}", name="daily")

    @task(2)
    def search(self):
        self.client.get("/search/", params={"q": random.choice(SEARCHES)}, name="search")
