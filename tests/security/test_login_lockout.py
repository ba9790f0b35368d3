"""One lockout for every password form: the site's sign-in and the admin's (routed through it)."""

import time

import pytest
from django.core.cache import cache

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
LOCKED = "Too many failed login attempts"


def _sign_in(client, email, password, **extra):
    return client.post(LOGIN, {"login": email, "password": password}, **extra)


def test_ten_wrong_passwords_lock_the_account_even_against_the_right_one(client, make_user):
    make_user("ada@example.org")
    pages = [_sign_in(client, "ada@example.org", "wrong") for _ in range(11)]
    assert not any(LOCKED in p.content.decode() for p in pages[:10])
    assert LOCKED in pages[10].content.decode()
    right = _sign_in(client, "ada@example.org", PASSWORD)
    assert right.status_code == 200 and LOCKED in right.content.decode()
    assert client.get("/me/").status_code == 302  # still signed out


def test_the_lock_lifts_after_the_cool_down(client, make_user):
    make_user("ada@example.org")
    for _ in range(11):
        _sign_in(client, "ada@example.org", "wrong")
    cache.clear()  # the cool-down's counters live in the cache and expire with it
    assert _sign_in(client, "ada@example.org", PASSWORD).status_code == 302
    assert client.get("/me/").status_code == 200


def test_the_admin_login_has_no_password_form_of_its_own(client, make_user):
    make_user("root@example.org", staff=True)
    # The old admin form's fields, with the right password: nobody is signed in.
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "root@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert client.get("/admin/").status_code == 302


def test_thirty_wrong_admin_passwords_lock_the_account(client, make_user):
    make_user("root@example.org", staff=True)
    login = client.get("/admin/login/?next=/admin/")["Location"]  # where the admin sends you
    for _ in range(30):
        page = client.post(login, {"login": "root@example.org", "password": "wrong"})
        assert page.status_code in (200, 429)  # 30 posts a minute also meet allauth's 429
    right = client.post(login, {"login": "root@example.org", "password": PASSWORD})
    assert right.status_code == 429 or LOCKED in right.content.decode()
    assert b"Too many" in right.content
    assert client.get("/admin/").status_code == 302


def test_a_lock_earned_on_the_site_holds_for_the_admin(client, make_user):
    make_user("root@example.org", staff=True)
    for _ in range(10):
        _sign_in(client, "root@example.org", "wrong")
    admin_login = client.get("/admin/")["Location"]
    assert admin_login.startswith("/admin/login/")
    login = client.get(admin_login)["Location"]
    right = client.post(login, {"login": "root@example.org", "password": PASSWORD})
    assert LOCKED in right.content.decode()


def test_ten_failures_from_one_address_lock_it_for_every_account(client, make_user):
    for n in range(3):
        make_user(f"person{n}@example.org")
    for n in range(10):
        _sign_in(client, f"person{n % 2}@example.org", "wrong", REMOTE_ADDR="198.51.100.7")
    right = _sign_in(client, "person2@example.org", PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert LOCKED in right.content.decode()
    # Another address is not punished for this one.
    assert (
        _sign_in(client, "person2@example.org", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code
        == 302
    )


def _current_code(secret):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_staff_with_an_authenticator_app_need_its_code_to_reach_the_admin(client, make_user):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    staff = make_user("root@example.org", staff=True)
    assert _sign_in(client, "root@example.org", PASSWORD).status_code == 302
    # Turning it on asks for the password once more, as allauth does for every MFA change.
    again = client.get("/accounts/2fa/totp/activate/")["Location"]
    assert again.startswith("/accounts/reauthenticate/")
    assert client.post(again, {"password": PASSWORD}).status_code == 302
    activate = client.get("/accounts/2fa/totp/activate/")
    assert activate.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    done = client.post("/accounts/2fa/totp/activate/", {"code": _current_code(secret)})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()

    client.post("/accounts/logout/")
    step = _sign_in(client, "root@example.org", PASSWORD)
    assert step.status_code == 302 and "/accounts/2fa/authenticate/" in step["Location"]
    assert client.get("/admin/").status_code == 302  # the password alone is not enough
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200 and client.get("/admin/").status_code == 302
    client.post("/accounts/2fa/authenticate/", {"code": _current_code(secret)})
    assert client.get("/admin/").status_code == 200
