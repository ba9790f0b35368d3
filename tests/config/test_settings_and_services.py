"""Settings fail loudly with the variable's name; missing services stop with how to start them."""

import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from config.env import default
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


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "peerfolio.example.org",
    # Unset: the production defaults must be secure on their own.
    **dict.fromkeys(
        [
            "SECURE_SSL_REDIRECT",
            "SECURE_PROXY_SSL_HEADER",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SECURE_HSTS_PRELOAD",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
        ]
    ),
}


def test_production_settings_pass_the_deploy_check_without_a_warning():
    result = _run(
        "import runpy, sys; sys.argv = ['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'];"
        " runpy.run_path('manage.py', run_name='__main__')",
        PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "(security." not in result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


@pytest.mark.django_db
def test_production_pages_are_https_only():
    """What a browser gets from the production settings: a redirect, then HSTS and secure cookies."""
    code = (
        LOAD_SETTINGS + "; from django.test import Client, override_settings; c = Client();"
        # Production's manifest storage needs collectstatic; the plain one serves these pages.
        "override_settings(STORAGES={'staticfiles': {'BACKEND':"
        " 'django.contrib.staticfiles.storage.StaticFilesStorage'}}).enable();"
        "r = c.get('/daily/'); print(r.status_code, r['Location']);"
        "r = c.get('/healthz', secure=False); print(r.status_code);"
        "r = c.get('/accounts/login/', secure=True, HTTP_HOST='peerfolio.example.org');"
        "print(r['Strict-Transport-Security']);"
        "print(r.cookies['csrftoken']['secure'])"
    )
    # The test database: the pages need its tables, and nothing here writes.
    test_database = urlsplit(os.environ.get("DATABASE_URL", default("DATABASE_URL")))
    test_database = test_database._replace(path="/" + connection.settings_dict["NAME"])
    result = _run(
        code,
        {
            **PRODUCTION,
            "ALLOWED_HOSTS": "peerfolio.example.org,testserver",
            "DATABASE_URL": test_database.geturl(),
        },
    )
    assert result.returncode == 0, result.stderr
    redirect, health, hsts, csrf_secure = result.stdout.strip().splitlines()
    assert redirect == "301 https://testserver/daily/"
    assert health == "200"
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert csrf_secure == "True"


def test_the_https_settings_can_be_turned_off_for_plain_http():
    code = (
        LOAD_SETTINGS + "; from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)"
    )
    off = {
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_PROXY_SSL_HEADER": "none",
    }
    result = _run(code, {**PRODUCTION, **off})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "0", "False", "False", "None"]


def test_a_proxy_header_and_hsts_seconds_are_read_from_the_environment():
    code = (
        LOAD_SETTINGS
        + "; from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS)"
    )
    result = _run(
        code,
        {
            **PRODUCTION,
            "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Scheme",
            "SECURE_HSTS_SECONDS": "600",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_SCHEME', 'https') 600"
    bad = _run(LOAD_SETTINGS, {**PRODUCTION, "SECURE_HSTS_SECONDS": "a year"})
    assert "SECURE_HSTS_SECONDS must be a whole number of seconds, not 'a year'" in bad.stderr


def test_development_sends_no_https_headers():
    code = (
        LOAD_SETTINGS
        + "; from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE)"
    )
    result = _run(code, {"DEBUG": "true", **dict.fromkeys(PRODUCTION)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "0", "False"]


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
