"""manage.py load_demo: demo data through the real ingest path, and a demo login. Safe to rerun."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand

from ingest.models import FeedSource, ImportRun, SourceKind
from ingest.pipeline import import_file, run_source
from ingest.samples import sample_files, samples_dir

# Two demo accounts: a researcher (no admin) and a curator (staff, in the "curator" group
# with its model permissions, not a superuser).
DEMO_ACCOUNTS = [
    ("demo", "demo@peerfolio.localhost", "peerfolio-demo", False),
    ("curator", "curator@peerfolio.localhost", "peerfolio-curator", True),
]
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
        self._demo_users()
        # The scheduled sources that keep the demo fresh (enabled unless ARXIV_OFFLINE=1).
        call_command("standard_sources", stdout=self.stdout)

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

    def _demo_users(self):
        User = get_user_model()
        curators = Group.objects.get(name="curator")
        for username, email, password, is_curator in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(username=username, defaults={"email": email})
            if created:
                user.set_password(password)
            # Set on every run: an older demo made "demo" a superuser.
            user.is_staff, user.is_superuser = is_curator, False
            user.save()
            if is_curator:
                user.groups.add(curators)
            # Sign-in asks for a verified email (allauth); demo addresses are taken as verified.
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            role = "curator, /admin/" if is_curator else "researcher"
            self.stdout.write(f"Demo login ({role}): {email} / {password}")
