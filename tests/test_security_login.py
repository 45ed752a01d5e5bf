"""Admin login: throttled against brute force (django-axes), no open redirect through ``?next=``."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from core import throttling

PASSWORD = "test-pass-123"


def login(client, username, password, address="203.0.113.7", next_url=None, **headers):
    url = reverse("admin:login") + (f"?next={next_url}" if next_url else "")
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(url, data, REMOTE_ADDR=address, **headers)


def logged_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_five_failures_lock_the_address_out_even_for_the_correct_password(client, redaktion_user):
    for _attempt in range(5):
        response = login(client, "redakteurin", "falsch")
        assert not logged_in(client)

    response = login(client, "redakteurin", PASSWORD)

    assert not logged_in(client)
    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()
    assert AccessAttempt.objects.get(ip_address="203.0.113.7").failures_since_start >= 5


@pytest.mark.django_db
def test_lockout_is_per_address_so_other_editors_can_still_log_in(client, redaktion_user, freigabe_user):
    for _attempt in range(5):
        login(client, "redakteurin", "falsch", address="203.0.113.7")

    response = login(client, "freigeberin", PASSWORD, address="198.51.100.20")

    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.django_db
def test_four_failures_then_the_right_password_logs_in_and_resets_the_count(client, redaktion_user):
    for _attempt in range(4):
        login(client, "redakteurin", "falsch")

    response = login(client, "redakteurin", PASSWORD)

    assert response.status_code == 302 and logged_in(client)
    assert not AccessAttempt.objects.filter(ip_address="203.0.113.7", failures_since_start__gt=0).exists()


@pytest.mark.django_db
def test_lockout_ends_after_the_cool_off_time(client, redaktion_user, settings):
    for _attempt in range(5):
        login(client, "redakteurin", "falsch")
    assert login(client, "redakteurin", PASSWORD).status_code == 429
    # Move the failures into the past instead of waiting.
    attempt = AccessAttempt.objects.get(ip_address="203.0.113.7")
    attempt.attempt_time -= settings.AXES_COOLOFF_TIME * 2
    attempt.save()

    response = login(client, "redakteurin", PASSWORD)

    assert response.status_code == 302 and logged_in(client)


@pytest.mark.django_db
def test_behind_the_proxy_the_client_address_comes_from_the_last_forwarded_entry(client, redaktion_user, settings):
    settings.BEHIND_PROXY = True
    for attempt in range(5):
        # The client can put anything in front; only the proxy's last entry counts.
        login(
            client, "redakteurin", "falsch", address="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}, 203.0.113.9"
        )

    blocked = login(client, "redakteurin", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    other = login(client, "redakteurin", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert blocked.status_code == 429
    assert other.status_code == 302


def test_client_ip_ignores_forwarded_headers_unless_behind_the_proxy(rf, settings):
    settings.BEHIND_PROXY = False
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert throttling.client_ip(request) == "192.0.2.1"
    settings.BEHIND_PROXY = True
    assert throttling.client_ip(request) == "1.2.3.4"
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="<script>")
    assert throttling.client_ip(request) == "0.0.0.0"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "https:evil.example",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
    ],
)
def test_login_never_redirects_to_another_site(client, redaktion_user, next_url):
    response = login(client, "redakteurin", PASSWORD, next_url=next_url)

    assert logged_in(client)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "evil" not in location and "javascript" not in location


@pytest.mark.django_db
def test_login_follows_a_local_next(client, redaktion_user):
    response = login(client, "redakteurin", PASSWORD, next_url="/admin/interviews/interview/")
    assert response["Location"] == "/admin/interviews/interview/"


@pytest.mark.django_db
def test_test_client_login_still_works_with_axes(client, redaktion_user):
    assert client.login(username="redakteurin", password=PASSWORD)
    assert not client.login(username="redakteurin", password="falsch")
