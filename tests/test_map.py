"""The map on /kommunen/: markers for Kommunen with a published interview, placed on the shipped outline."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from municipalities import map as germany_map
from municipalities.models import Kommune
from tests.factories import InterviewFactory, KommuneFactory

OUTLINE = settings.BASE_DIR / "static" / "map" / "germany.svg"


def outline_rings():
    path = re.search(r' d="([^"]+)"', OUTLINE.read_text()).group(1)
    return [
        [tuple(float(value) for value in point.split(",")) for point in ring.split()]
        for ring in re.findall(r"M([^MZ]+)Z", path)
    ]


def inside(point, rings):
    """Even-odd rule over every ring of the outline."""
    x, y = point
    crossings = 0
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


def test_outline_and_projection_agree_with_real_places():
    rings = outline_rings()
    svg = OUTLINE.read_text()

    assert f'viewBox="0 0 {germany_map.WIDTH} {germany_map.HEIGHT}"' in svg
    for name, lat, lon in [
        ("Arnstadt", 50.8345, 10.9464),
        ("Flensburg", 54.78, 9.44),
        ("Görlitz", 51.15, 14.97),
        ("Aachen", 50.78, 6.09),
        ("Oberstdorf", 47.41, 10.28),
        ("Berlin", 52.52, 13.40),
    ]:
        assert inside(germany_map.project(lat, lon), rings), name
    for name, lat, lon in [("Nordsee", 54.5, 6.5), ("Prag", 50.08, 14.42), ("Straßburg", 48.57, 7.75)]:
        assert not inside(germany_map.project(lat, lon), rings), name


def test_licence_ships_with_the_geodata():
    licence = (OUTLINE.parent / "LICENSE.txt").read_text()

    assert "Natural Earth" in licence and "public domain" in licence
    assert "ISC" in licence and "Copyright 2013-2019 Michael Bostock" in licence


@pytest.mark.django_db
def test_kommunen_page_has_one_marker_link_per_kommune_with_a_published_interview(client):
    ilm = KommuneFactory(name="Ilm-Kreis", slug="ilm-kreis", latitude=Decimal("50.8345"), longitude=Decimal("10.9464"))
    goerlitz = KommuneFactory(name="Görlitz", slug="goerlitz", latitude=Decimal("51.15"), longitude=Decimal("14.97"))
    nowhere = KommuneFactory(name="Ohne Lage", slug="ohne-lage")
    hidden = KommuneFactory(name="Nur Entwurf", slug="nur-entwurf", latitude=Decimal("52.5"), longitude=Decimal("13.4"))
    for kommune in (ilm, goerlitz, nowhere):
        InterviewFactory(kommune=kommune, published=True)
    InterviewFactory(kommune=hidden)
    InterviewFactory(kommune=hidden, scheduled=True)

    page = client.get("/kommunen/").content.decode()

    svg = re.search(r"<svg class=\"kommune-map__svg\".*?</svg>", page, re.S).group(0)
    links = re.findall(r'<a class="kommune-map__marker" href="([^"]+)">.*?<text [^>]*>([^<]+)</text>', svg, re.S)
    assert links == [("/kommunen/goerlitz/", "Görlitz"), ("/kommunen/ilm-kreis/", "Ilm-Kreis")]
    assert "Nur Entwurf" not in page
    assert 'href="/static/map/germany.svg"' in svg
    x, y = germany_map.project(Decimal("50.8345"), Decimal("10.9464"))
    assert f'cx="{x}" cy="{y}"' in svg
    # Görlitz lies at the eastern edge: its label runs to the left and stays on the map.
    assert 'text-anchor="end">Görlitz</text>' in svg
    assert "Für 1 Kommune ist noch keine Lage hinterlegt" in page
    assert "Natural Earth" in page
    # The list below the map still names every participating Kommune.
    assert page.index("kommune-map") < page.index('class="kommune-grid"')
    assert page.count('class="card kommune-card"') == 3


@pytest.mark.django_db
def test_no_map_without_coordinates(client):
    InterviewFactory(kommune=KommuneFactory(name="Irgendwo"), published=True)

    page = client.get("/kommunen/").content.decode()

    assert "Irgendwo" in page and "kommune-map" not in page


@pytest.mark.django_db
def test_coordinates_outside_germany_or_half_given_are_refused():
    kommune = KommuneFactory()

    kommune.latitude, kommune.longitude = Decimal("40.4"), Decimal("-3.7")  # Madrid
    with pytest.raises(ValidationError) as error:
        kommune.full_clean()
    assert "Der Breitengrad liegt in Deutschland zwischen 47,2 und 55,1." in error.value.message_dict["latitude"]

    kommune.latitude, kommune.longitude = Decimal("50.8"), None
    with pytest.raises(ValidationError) as error:
        kommune.full_clean()
    assert "Breiten- und Längengrad gehören zusammen" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        kommune.save()
    assert Kommune.objects.get(pk=kommune.pk).latitude is None


@pytest.mark.django_db
def test_admin_takes_coordinates_in_german_notation(client, superuser):
    kommune = KommuneFactory(name="Ilm-Kreis", slug="ilm-kreis", kind="landkreis", state="TH")
    client.force_login(superuser)
    url = f"/admin/municipalities/kommune/{kommune.pk}/change/"
    form = client.get(url).content.decode()
    assert 'name="latitude"' in form and "Lage für die Karte" in form

    data = {
        "name": "Ilm-Kreis",
        "slug": "ilm-kreis",
        "kind": "landkreis",
        "state": "TH",
        "latitude": "50,8345",
        "longitude": "10,9464",
        "akk_member": "True",
        "awards-TOTAL_FORMS": "0",
        "awards-INITIAL_FORMS": "0",
    }
    data.update({key: value for key, value in hidden_inputs(form).items() if key not in data})
    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    kommune.refresh_from_db()
    assert (kommune.latitude, kommune.longitude) == (Decimal("50.8345"), Decimal("10.9464"))

    data["latitude"] = "60,1"
    data.update(hidden_inputs(client.get(url).content.decode()))
    response = client.post(url, data)

    assert response.status_code == 200
    assert "Der Breitengrad liegt in Deutschland zwischen 47,2 und 55,1." in response.content.decode()
    kommune.refresh_from_db()
    assert kommune.latitude == Decimal("50.8345")


def hidden_inputs(form_html):
    """Hidden form fields of an admin page (e.g. the optimistic-lock version), by name."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form_html))
