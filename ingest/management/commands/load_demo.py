"""manage.py load_demo: demo data through the real ingest path, and a demo login. Safe to rerun."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from ingest.models import FeedSource, ImportRun, SourceKind
from ingest.pipeline import import_file, run_source
from ingest.samples import sample_files, samples_dir

DEMO_EMAIL = "demo@peerfolio.localhost"
DEMO_PASSWORD = "peerfolio-demo"
LIVE_QUERY = "cat:cs.LG"


class Command(BaseCommand):
    help = "Import the recorded arXiv responses (or a small live pull) and create the demo login."

    def handle(self, *args, **options):
        root = samples_dir()
        if root is not None:
            self._import_samples(root)
        else:
            self.stdout.write(
                "No ARXIV_SAMPLES_DIR folder; pulling a few papers from the arXiv API…"
            )
            source, _ = FeedSource.objects.get_or_create(
                kind=SourceKind.API, query=LIVE_QUERY, defaults={"name": "Demo: latest cs.LG"}
            )
            run = run_source(source)
            self.stdout.write(f"  {run.origin}: {run.status}, {run.created} new papers {run.error}")
        self._demo_user()

    def _import_samples(self, root):
        # A file already imported (or already refused) is not imported again.
        done = set(ImportRun.objects.filter(kind=SourceKind.FILE).values_list("origin", flat=True))
        for path in sample_files():
            if str(path) in done:
                continue
            run = import_file(path)
            state = "ok" if run.status == ImportRun.Status.SUCCEEDED else f"failed: {run.error}"
            self.stdout.write(
                f"  {path.relative_to(root)}: {run.created} new, {run.updated} updated ({state})"
            )

    def _demo_user(self):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username="demo", defaults={"email": DEMO_EMAIL, "is_staff": True, "is_superuser": True}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        # Sign-in asks for a verified email (allauth); the demo address is taken as verified.
        EmailAddress.objects.update_or_create(
            user=user, email=DEMO_EMAIL, defaults={"verified": True, "primary": True}
        )
        self.stdout.write(f"Demo login: {DEMO_EMAIL} (username demo) / {DEMO_PASSWORD}")
