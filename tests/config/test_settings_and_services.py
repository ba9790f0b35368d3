"""Settings fail loudly with the variable's name; missing services stop with how to start them."""

import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.secret_key import development_secret_key, weakness

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = secrets.token_urlsafe(50)


def _run(code_or_module, env_changes, module=False):
    env = {k: v for k, v in os.environ.items() if k not in env_changes}
    env.update({k: v for k, v in env_changes.items() if v is not None})
    args = (
        [sys.executable, "-m", code_or_module] if module else [sys.executable, "-c", code_or_module]
    )
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


LOAD_SETTINGS = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup()"


def test_production_without_secret_key_names_the_variable():
    result = _run(LOAD_SETTINGS, {"DEBUG": "false", "SECRET_KEY": None})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_debug_value_that_is_not_a_boolean_is_refused():
    result = _run(LOAD_SETTINGS, {"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr


def test_production_settings_load_with_a_secret_key():
    result = _run(
        LOAD_SETTINGS + "; from django.conf import settings; print(settings.DEBUG)",
        {"DEBUG": "false", "SECRET_KEY": STRONG_KEY},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("dev-only-insecure-key-do-not-use-in-production", "is a published development key"),
        ("django-insecure-" + "k3y" * 20, "is a published development key"),
        ("short-but-random-Zq8f", "is 21 characters long; use at least 50"),
        ("ab" * 30, "has fewer than 5 different characters"),
    ],
)
def test_production_refuses_a_weak_secret_key_and_says_why(key, reason):
    result = _run(LOAD_SETTINGS, {"DEBUG": "false", "SECRET_KEY": key})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"SECRET_KEY {reason}" in result.stderr


def test_production_ignores_the_development_key_file():
    """A var/secret_key left by `make run` never stands in for the environment's key."""
    development_secret_key(ROOT / "var" / "secret_key")
    result = _run(LOAD_SETTINGS, {"DEBUG": "false", "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is false" in result.stderr


def test_development_makes_one_private_key_and_every_process_reuses_it():
    key_file = ROOT / "var" / "secret_key"
    print_key = LOAD_SETTINGS + "; from django.conf import settings; print(settings.SECRET_KEY)"
    first = _run(print_key, {"DEBUG": "true", "SECRET_KEY": None})
    second = _run(print_key, {"DEBUG": "true", "SECRET_KEY": None})
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == second.stdout.strip() == key_file.read_text().strip()
    assert weakness(first.stdout.strip()) is None
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_the_key_file_is_made_once_then_read(tmp_path):
    path = tmp_path / "var" / "secret_key"
    made = development_secret_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert development_secret_key(path) == made
    assert development_secret_key(tmp_path / "elsewhere") != made
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def test_a_damaged_key_file_is_refused_not_used(tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("\n")
    with pytest.raises(ImproperlyConfigured, match="delete it to make a new one"):
        development_secret_key(path)


def test_unreachable_database_stops_with_the_variable_address_and_how_to_start_it():
    result = _run(
        "config.services",
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:1/peerfolio"},
        module=True,
    )
    assert result.returncode == 1
    assert "DATABASE_URL: nothing answers at 127.0.0.1:1" in result.stderr
    assert "pg_ctlcluster" in result.stderr and "docker compose up -d db" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_redis_stops_with_the_variable_and_address():
    result = _run("config.services", {"REDIS_URL": "redis://127.0.0.1:2/0"}, module=True)
    assert result.returncode == 1
    assert "REDIS_URL: nothing answers at 127.0.0.1:2" in result.stderr
    assert "docker compose up -d redis" in result.stderr and "Traceback" not in result.stderr


def test_reachable_services_pass_the_check():
    result = _run("config.services", {}, module=True)
    assert result.returncode == 0, result.stderr
