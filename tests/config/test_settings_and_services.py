"""Settings fail loudly with the variable's name; missing services stop with how to start them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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
        {"DEBUG": "false", "SECRET_KEY": "x" * 50},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


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
