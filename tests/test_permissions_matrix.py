"""The permission matrix, cell by cell.

{anonymous, Redaktion, Freigabe, superuser}
  x {every public route (read from the URL configuration), the PDF route,
     admin add/change/delete for each editorial model and for users/groups,
     publish/unpublish of interviews, saving the interview form (live changes
     of Redaktion wait for Freigabe), the approval-link and pending-preview views}
  x {published, draft, review, scheduled}

Each cell is one test (marked ``slow``: 884 requests, a third of the quick loop's time; ``make test``
runs them on SQLite and PostgreSQL); the expectation comes from the policy tables below
(the editorial groups of interviews/migrations/0002_editorial_groups.py and
the visibility rule of ``Interview.objects.published()``, with the staff
preview of interview page and PDF). Plus: publish-then-unpublish and staff
previews with a warm page cache never leak to anonymous readers.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from interviews.editorial import publishing
from interviews.models import Interview, PendingChange, Series, Status, Theme
from municipalities.models import Kommune
from tests.factories import FITS_SIX_PAGES, make_user
from tests.routes import TOKEN_ROUTES, Scene, public_routes, route_url

ROLES = ["anonymous", "Redaktion", "Freigabe", "superuser"]
STATES = ["published", "draft", "review", "scheduled"]

# Routes that show one interview by its slug: staff may open unpublished ones as a preview.
PREVIEW_ROUTES = {"interviews:detail", "interviews:pdf", "rendition"}
# Routes that exist only while their interview (or Kommune) has been published: no staff preview either.
ONLY_WITH_PUBLISHED = {
    "municipalities:detail",
    "interviews:citation_bib",
    "interviews:citation_ris",
    "interviews:citation_json",
}

# model -> {group: allowed admin actions}; superusers may do everything.
ADMIN_POLICY = {
    "interviews.interview": {"Redaktion": {"add", "change"}, "Freigabe": {"add", "change", "delete", "publish"}},
    "interviews.series": {"Redaktion": set(), "Freigabe": {"add", "change"}},
    "interviews.theme": {"Redaktion": set(), "Freigabe": {"add", "change"}},
    "municipalities.kommune": {"Redaktion": {"add", "change"}, "Freigabe": {"add", "change", "delete"}},
    "auth.user": {"Redaktion": set(), "Freigabe": set()},
    "auth.group": {"Redaktion": set(), "Freigabe": set()},
}
# Models the editorial groups may at least look at in the admin.
VIEWABLE = {"interviews.interview", "interviews.series", "interviews.theme", "municipalities.kommune"}
# Objects referenced by the scene's interview: deleting them is refused (PROTECT) for everybody.
PROTECTED = {"interviews.series", "interviews.theme", "municipalities.kommune"}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def client_for(role):
    client = Client()
    if role == "superuser":
        client.force_login(make_user("matrix-chefin", superuser=True))
    elif role != "anonymous":
        client.force_login(make_user(f"matrix-{role.lower()}", group=role))
    return client


# Objects that live (published or scheduled) interviews show: only Freigabe may change them then (issue 12).
LIVE_ONLY_FREIGABE = {"municipalities.kommune": {"change"}}
LIVE_STATES = {"published", "scheduled"}


def may(role, model, action, state=None):
    if role == "anonymous":
        return False
    if role == "superuser":
        return True
    if role == "Redaktion" and state in LIVE_STATES and action in LIVE_ONLY_FREIGABE.get(model, ()):
        return False
    return action in ADMIN_POLICY[model][role]


# --- Public routes --------------------------------------------------------------

PUBLIC_ROUTES = public_routes()


# Collected PDFs (volume, booklet) of a series or theme with published content: stored files only, so
# here (nothing rendered yet) a 503 "wird gerade erstellt"; 404 while nothing is published.
COLLECTED_PDFS = {"interviews:series_pdf", "interviews:theme_pdf"}


def expected_public(route, role, state):
    """(reachable, shows the interview's content) for one cell."""
    published = state == "published"
    if route in COLLECTED_PDFS:
        return published, False
    if route in TOKEN_ROUTES:
        return False, False  # a forged approval link: nothing for anybody (valid links: tests/test_approval.py)
    if route in PREVIEW_ROUTES:
        visible = published or role != "anonymous"
        return visible, visible
    if route in ONLY_WITH_PUBLISHED:
        return published, published
    if route in WITHOUT_INTERVIEW_CONTENT or route.startswith("pages:"):
        return True, False
    return True, published


# Routes that never show an interview's content (checked only for leaks).
WITHOUT_INTERVIEW_CONTENT = {
    "interviews:robots",
    "interviews:themes",
    "interviews:series_index",
    "interviews:data",
    "interviews:data_package",
    "interviews:data_schema",
}


@pytest.mark.django_db
@pytest.mark.slow
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("route", "needs_slug"), PUBLIC_ROUTES, ids=[name for name, _slug in PUBLIC_ROUTES])
def test_public_route_cell(route, needs_slug, role, state, record_property):
    scene = Scene(state, f"m-{state}")
    client = client_for(role)
    reachable, shows = expected_public(route, role, state)
    record_property("matrix_cell", 1)

    response = client.get(route_url(route, needs_slug, scene))

    assert (response.status_code != 404) == reachable, (route, role, state, response.status_code)
    if route in {"interviews:pdf", "rendition"}:
        return  # a PDF or an image: reachability is the behaviour (bodies are checked in their own tests)
    body = b"".join(response) if response.streaming else response.content
    content = body.decode("utf-8", "replace")
    secrets = [*scene.secrets, scene.interview.get_absolute_url()]
    leaked = [secret for secret in secrets if secret in content]
    if shows:
        assert leaked, (route, role, state)
    elif state != "published":
        assert leaked == [], (route, role, state, leaked)


# --- Admin ----------------------------------------------------------------------

ADMIN_MODELS = list(ADMIN_POLICY)


def admin_object(scene, model):
    if model == "interviews.interview":
        return scene.interview
    if model == "interviews.series":
        return scene.series
    if model == "interviews.theme":
        return scene.theme
    if model == "municipalities.kommune":
        return scene.kommune
    if model == "auth.user":
        return make_user("matrix-opfer")
    return Group.objects.create(name="Matrix-Testgruppe")


def admin_url(model, view, *args):
    app_label, model_name = model.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def assert_login_redirect(response):
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


@pytest.mark.django_db
@pytest.mark.slow
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_admin_add_cell(model, role, state, record_property):
    Scene(state, f"a-{state}")
    client = client_for(role)
    record_property("matrix_cell", 1)

    response = client.get(admin_url(model, "add"))

    if role == "anonymous":
        assert_login_redirect(response)
    elif may(role, model, "add"):
        assert response.status_code == 200 and 'name="_save"' in response.content.decode()
    else:
        assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.slow
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_admin_change_cell(model, role, state, record_property):
    scene = Scene(state, f"c-{state}")
    obj = admin_object(scene, model)
    client = client_for(role)
    record_property("matrix_cell", 1)

    response = client.get(admin_url(model, "change", obj.pk))

    if role == "anonymous":
        assert_login_redirect(response)
    elif may(role, model, "change", state):
        assert response.status_code == 200 and 'name="_save"' in response.content.decode()
    elif model in VIEWABLE:
        # Read-only view: the form is shown without a save button.
        assert response.status_code == 200 and 'name="_save"' not in response.content.decode()
    else:
        assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.slow
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_admin_delete_cell(model, role, state, record_property):
    scene = Scene(state, f"d-{state}")
    obj = admin_object(scene, model)
    client = client_for(role)
    record_property("matrix_cell", 1)

    response = client.post(admin_url(model, "delete", obj.pk), {"post": "yes"})

    still_there = type(obj).objects.filter(pk=obj.pk).exists()
    if role == "anonymous":
        assert_login_redirect(response)
    if may(role, model, "delete") and model not in PROTECTED:
        assert not still_there
    else:
        assert still_there
        assert response.status_code in {200, 302, 403}


@pytest.mark.django_db
@pytest.mark.slow
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", ["publish", "unpublish"])
def test_admin_publish_cell(step, role, state, record_property):
    scene = Scene(state, f"p-{state}", answer_words=FITS_SIX_PAGES)
    interview = scene.interview
    before = (interview.status, interview.published_at)
    client = client_for(role)
    record_property("matrix_cell", 1)

    response = client.post(
        admin_url("interviews.interview", "changelist"),
        {"action": f"action_{step}", "_selected_action": [interview.pk], "index": 0},
    )

    interview.refresh_from_db()
    if role == "anonymous":
        assert_login_redirect(response)
    if not may(role, "interviews.interview", "publish"):
        assert (interview.status, interview.published_at) == before
    elif step == "publish":
        assert interview.status == Status.PUBLISHED
        if state == "scheduled":
            assert interview.published_at == before[1]  # publishing keeps the planned time
    else:
        assert interview.status == Status.DRAFT
        assert not Interview.objects.published().filter(pk=interview.pk).exists()


@pytest.mark.django_db
@pytest.mark.slow
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_admin_edit_cell(role, state, record_property):
    """Saving the interview form: live interviews change at once only for Freigabe; Redaktion's change waits."""
    from tests.admin_forms import form_data

    scene = Scene(state, f"e-{state}")
    interview = scene.interview
    client = client_for(role)
    record_property("matrix_cell", 1)
    url = admin_url("interviews.interview", "change", interview.pk)
    if role == "anonymous":
        assert_login_redirect(client.post(url, {"title": "Anonym"}))
        return
    data = form_data(client.get(url))
    data["title"] = "Geänderter Titel"

    client.post(url, data)

    interview.refresh_from_db()
    waits = role == "Redaktion" and state in LIVE_STATES
    assert (interview.title == "Geänderter Titel") != waits, (role, state)
    assert PendingChange.objects.filter(interview=interview).exists() == waits
    if waits:
        assert PendingChange.objects.get(interview=interview).data["interview"]["title"] == "Geänderter Titel"


@pytest.mark.django_db
@pytest.mark.slow
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_admin_workflow_views_cell(role, state, record_property):
    """The approval-link buttons and the preview of a pending change: staff who may change interviews only."""
    scene = Scene(state, f"w-{state}")
    interview = scene.interview
    client = client_for(role)
    record_property("matrix_cell", 2)

    link = client.post(admin_url("interviews.interview", "approval_link", interview.pk), {"_link": "create"})
    preview = client.get(admin_url("interviews.interview", "pending_preview", interview.pk))

    interview.refresh_from_db()
    if role == "anonymous":
        assert_login_redirect(link)
        assert_login_redirect(preview)
        assert interview.approval_key == ""
        return
    assert link.status_code == 302 and interview.approval_key != ""
    assert preview.status_code == 200 and scene.interview.title in preview.content.decode()
    assert preview["X-Robots-Tag"] == "noindex, nofollow"


# --- Warm caches ----------------------------------------------------------------


@pytest.mark.django_db
def test_unpublished_after_publish_is_404_for_readers_even_with_a_warm_cache(freigabe_user):
    scene = Scene("published", "cache")
    reader = Client()
    urls = [route_url(name, slug, scene) for name, slug in PUBLIC_ROUTES if name != "interviews:pdf"]
    for url in urls:
        reader.get(url)
        reader.get(url)  # second request: served from the page cache where there is one
    detail = route_url("interviews:detail", True, scene)
    assert scene.interview.title in reader.get(detail).content.decode()

    publishing.unpublish(scene.interview, freigabe_user)

    assert reader.get(detail).status_code == 404
    assert reader.get(route_url("interviews:pdf", True, scene)).status_code == 404
    for url in urls:
        response = reader.get(url)
        content = response.content.decode("utf-8", "replace")
        assert [s for s in scene.secrets if s in content] == [], url


@pytest.mark.django_db
def test_a_staff_preview_is_never_served_to_readers_from_the_cache(redaktion_user):
    scene = Scene("draft", "vorschau")
    detail = route_url("interviews:detail", True, scene)
    editor = Client()
    editor.force_login(redaktion_user)
    assert scene.interview.title in editor.get(detail).content.decode()

    response = Client().get(detail)

    assert response.status_code == 404
    assert scene.interview.title not in response.content.decode()


@pytest.mark.django_db
def test_a_scheduled_interview_appears_by_itself_when_its_time_has_come():
    scene = Scene("scheduled", "zeit")
    reader = Client()
    detail = route_url("interviews:detail", True, scene)
    listing = reverse("interviews:list")
    assert reader.get(detail).status_code == 404
    assert scene.interview.title not in reader.get(listing).content.decode()

    Interview.objects.filter(pk=scene.interview.pk).update(published_at=scene.interview.published_at.replace(year=2020))

    assert scene.interview.title in reader.get(detail).content.decode()
    assert scene.interview.title in reader.get(listing).content.decode()


def test_every_model_of_the_policy_is_in_the_admin():
    from django.contrib import admin

    registered = {model._meta.label_lower for model in admin.site._registry}
    assert set(ADMIN_POLICY) <= registered
    assert {Interview, Series, Theme, Kommune, get_user_model(), Group} <= set(admin.site._registry)


@pytest.mark.django_db
@pytest.mark.slow
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_admin_print_master_cell(role, state, record_property):
    """The print master is staff-only; the scene's one-question interview cannot fit, so staff get the reason."""
    scene = Scene(state, f"pm-{state}")
    client = client_for(role)
    record_property("matrix_cell", 1)

    response = client.get(admin_url("interviews.interview", "print_master", scene.interview.pk), follow=True)

    if role == "anonymous":
        assert response.redirect_chain[0][0].startswith(reverse("admin:login"))
        assert "application/pdf" not in response["Content-Type"]
    else:
        assert response.redirect_chain == [(admin_url("interviews.interview", "change", scene.interview.pk), 302)]
        assert "Die Druckvorlage kann nicht erstellt werden" in response.content.decode()
