"""docker-compose.yml cannot run here (no Docker engine), so its shape is checked against settings."""

from pathlib import Path

import yaml

from config.env import ENVIRONMENT_VARIABLES

ROOT = Path(__file__).resolve().parents[2]


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_db_redis_web_worker_and_beat_each_with_a_health_check():
    services = _compose()["services"]
    assert set(services) == {"db", "redis", "web", "worker", "beat"}
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no health check"


def test_app_services_set_exactly_the_variables_settings_read():
    services = _compose()["services"]
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert set(environment) == set(ENVIRONMENT_VARIABLES), name
        assert environment["DEBUG"] == "false"
        assert (
            environment["DATABASE_URL"].startswith("postgres://")
            and "@db:5432/" in environment["DATABASE_URL"]
        )
        assert environment["REDIS_URL"].startswith("redis://redis:6379")


def test_app_services_wait_for_healthy_db_and_redis():
    services = _compose()["services"]
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"] == {
            "db": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
        }


def test_compose_commands_match_the_celery_app_and_wsgi_module():
    services = _compose()["services"]
    assert "config.wsgi:application" in " ".join(services["web"]["command"])
    assert services["worker"]["command"][:4] == ["celery", "-A", "config.celery", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config.celery", "beat"]
    assert (ROOT / "config" / "celery.py").exists() and (ROOT / "config" / "wsgi.py").exists()


def test_dockerfile_serves_with_gunicorn_and_collects_static_for_whitenoise():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "gunicorn" in dockerfile and "collectstatic" in dockerfile


def test_readme_configuration_table_names_every_variable():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    for name in ENVIRONMENT_VARIABLES:
        assert f"`{name}`" in table, f"README's Configuration table does not describe {name}"
