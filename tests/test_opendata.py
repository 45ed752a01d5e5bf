"""Open data: /daten/, interviews.json and interviews.csv carry published content only."""

import csv
import datetime
import io
import json

import pytest
from django.utils import timezone

from tests.factories import (
    FigureFactory,
    InterviewFactory,
    KommuneFactory,
    QuestionFactory,
    SeriesFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(settings):
    settings.SITE_URL = "https://mal-nachgefragt.example"
    heat = ThemeFactory(title="Klimaneutrale Wärmeplanung", slug="waermeplanung")
    money = ThemeFactory(title="Personal und Finanzen", slug="personal-finanzen")
    series = SeriesFactory(slug="reihe-2026", year=2026, planned_parts=6, themes=[heat, money])
    published = InterviewFactory(
        series=series,
        part=4,
        slug="ilm-kreis",
        title="Klimaschutz als Gemeinschaftsaufgabe",
        lead="<p>Ein <strong>Teaser</strong> über Wärme.</p>",
        interviewee_name="Felix Schmigalle",
        interviewee_role="Klimaschutzmanager",
        kommune=KommuneFactory(name="Ilm-Kreis", slug="ilm-kreis", kind="landkreis", state="TH"),
        status="published",
        published_at=timezone.make_aware(datetime.datetime(2026, 5, 12, 10, 0)),
    )
    QuestionFactory(
        interview=published,
        theme=heat,
        position=2,
        question='=HYPERLINK("http://evil.example";"Wärme")',
        answer="<p>Die Wärmeplanung läuft – <em>mit</em> Bürgerbeteiligung.</p>",
    )
    QuestionFactory(
        interview=published, theme=money, position=1, question="Was kostet das?", answer="<p>-5 % Kosten</p>"
    )
    QuestionFactory(interview=published, theme=money, position=3, question="@Personal?", answer="<p>+2 Stellen</p>")
    # Photos just wider than the 640 px rendition the data links (a 1500 px one costs ~0.1 s of resizing).
    photo = {"image__width": 660, "image__height": 440}
    FigureFactory(
        interview=published,
        position=2,
        caption="Die Heizzentrale",
        credit="Foto: Ilm-Kreis",
        alt_text="Ein Kessel",
        **photo,
    )
    FigureFactory(
        interview=published, position=1, caption="", credit="Foto: Anna Bild, CC BY 4.0", alt_text="Ein Dach", **photo
    )
    states = [("Entwurf", {}), ("Prüfung", {"review": True}), ("Geplant", {"scheduled": True})]
    for part, (marker, state) in enumerate(states, start=1):
        hidden = InterviewFactory(
            series=series, part=part, title=f"Geheim {marker}", slug=f"geheim-{part}", kommune__name=marker, **state
        )
        QuestionFactory(interview=hidden, theme=heat, answer=f"<p>Geheimantwort {marker}</p>")
    return published


def test_json_holds_every_published_interview_with_its_questions(client, content):
    response = client.get("/daten/interviews.json")
    data = json.loads(response.content)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert data["schema_version"] == "1.1"
    assert data["documentation"] == "https://mal-nachgefragt.example/daten/"
    assert data["publisher"] == "Deutsches Institut für Urbanistik gGmbH (Difu)"
    assert "CC BY-ND 4.0" in data["licence"]["name"]
    [record] = data["interviews"]
    assert record["slug"] == "ilm-kreis"
    assert record["url"] == "https://mal-nachgefragt.example/interviews/ilm-kreis/"
    assert record["series"]["slug"] == "reihe-2026" and record["series"]["year"] == 2026
    assert (record["part"], record["parts_planned"]) == (4, 6)
    assert record["published_at"] == "2026-05-12T10:00:00+02:00"
    assert record["kommune"] == {
        "name": "Ilm-Kreis",
        "slug": "ilm-kreis",
        "url": "https://mal-nachgefragt.example/kommunen/ilm-kreis/",
        "type": "landkreis",
        "type_label": "Landkreis",
        "state": "TH",
        "state_name": "Thüringen",
    }
    assert record["interviewee"] == {"title": "", "name": "Felix Schmigalle", "role": "Klimaschutzmanager"}
    assert record["teaser_html"] == "<p>Ein <strong>Teaser</strong> über Wärme.</p>"
    assert record["teaser_text"] == "Ein Teaser über Wärme."
    assert record["is_sample"] is False
    assert record["citation"].startswith("Schmigalle, Felix (2026): „Klimaschutz als Gemeinschaftsaufgabe“")
    assert [q["theme"]["slug"] for q in record["questions"]] == [
        "personal-finanzen",
        "waermeplanung",
        "personal-finanzen",
    ]
    # Figures in their order, with caption, credit, alt text and a rendition readers may fetch.
    assert [(f["position"], f["caption"], f["credit"], f["alt_text"]) for f in record["figures"]] == [
        (1, "", "Foto: Anna Bild, CC BY 4.0", "Ein Dach"),
        (2, "Die Heizzentrale", "Foto: Ilm-Kreis", "Ein Kessel"),
    ]
    image_url = record["figures"][0]["image_url"]
    assert image_url.startswith("https://mal-nachgefragt.example/bilder/figure/") and image_url.endswith("-640w.jpg")
    image = client.get(image_url.removeprefix("https://mal-nachgefragt.example"))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert b"".join(image.streaming_content)[:3] == b"\xff\xd8\xff"
    heat = record["questions"][1]
    assert heat["position"] == 2
    assert heat["answer_html"] == "<p>Die Wärmeplanung läuft – <em>mit</em> Bürgerbeteiligung.</p>"
    assert heat["answer_text"] == "Die Wärmeplanung läuft – mit Bürgerbeteiligung."
    assert "Wärmeplanung".encode() in response.content


def test_nothing_unpublished_is_in_either_file(client, content):
    for url in ("/daten/interviews.json", "/daten/interviews.csv", "/daten/"):
        body = client.get(url).content.decode("utf-8-sig")
        assert "Geheim" not in body, url


def test_json_and_csv_send_an_etag_and_answer_304(client, content):
    for url in ("/daten/interviews.json", "/daten/interviews.csv"):
        first = client.get(url)
        etag = first["ETag"]

        again = client.get(url, headers={"If-None-Match": etag})

        assert again.status_code == 304 and again.content == b""
        content.title = "Neue Überschrift"
        content.save()
        changed = client.get(url, headers={"If-None-Match": etag})
        assert changed.status_code == 200 and changed["ETag"] != etag
        assert "Neue Überschrift" in changed.content.decode("utf-8-sig")
        content.title = "Klimaschutz als Gemeinschaftsaufgabe"
        content.save()


def test_csv_has_one_row_per_question_with_bom_and_neutralised_formulas(client, content):
    response = client.get("/daten/interviews.csv")
    raw = response.content

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 3
    assert [row["position"] for row in rows] == ["1", "2", "3"]
    first, second, third = rows
    assert first["kommune"] == "Ilm-Kreis" and first["state"] == "Thüringen" and first["kommune_type"] == "Landkreis"
    assert first["interview_url"] == "https://mal-nachgefragt.example/interviews/ilm-kreis/"
    assert first["answer_text"] == "'-5 % Kosten"
    assert second["question"] == '\'=HYPERLINK("http://evil.example";"Wärme")'
    assert second["answer_text"] == "Die Wärmeplanung läuft – mit Bürgerbeteiligung."
    assert second["theme"] == "Klimaneutrale Wärmeplanung"
    assert third["question"] == "'@Personal?" and third["answer_text"] == "'+2 Stellen"
    assert first["is_sample"] == "nein"
    for row in rows:
        assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values())


def test_data_page_explains_files_licence_and_fields(client, content):
    page = client.get("/daten/").content.decode()

    assert "<h1>Offene Daten</h1>" in page
    assert 'href="/daten/interviews.json"' in page and 'href="/daten/interviews.csv"' in page
    assert "Schema-Version 1.1" in page
    assert "CC BY-ND 4.0" in page and 'href="https://creativecommons.org/licenses/by-nd/4.0/deed.de"' in page
    assert "<code>questions[].answer_html</code><br><code>questions[].answer_text</code>" in page
    assert "<code>answer_text</code>" in page
    assert "derzeit 1" in page
    assert 'href="/daten/"' in client.get("/").content.decode()  # linked from every page's footer


def test_sample_interviews_are_marked_in_both_files(client, content):
    content.is_sample = True
    content.save()

    record = json.loads(client.get("/daten/interviews.json").content)["interviews"][0]
    rows = list(csv.DictReader(io.StringIO(client.get("/daten/interviews.csv").content.decode("utf-8-sig"))))

    assert record["is_sample"] is True
    assert {row["is_sample"] for row in rows} == {"ja"}


def key_paths(value, prefix=""):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from key_paths(inner, f"{prefix}{key}" if not prefix else f"{prefix}.{key}")
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        yield from key_paths(value[0], f"{prefix}[]")
    else:
        yield prefix


def test_every_json_field_is_documented_on_the_data_page(client, content):
    from interviews.reader.opendata import JSON_FIELDS

    record = json.loads(client.get("/daten/interviews.json").content)["interviews"][0]
    documented = {name for names, _description in JSON_FIELDS for name in names}
    page = client.get("/daten/").content.decode()

    assert set(key_paths(record)) == documented
    for name in documented:
        assert f"<code>{name}</code>" in page
    header = client.get("/daten/interviews.csv").content.decode("utf-8-sig").splitlines()[0].split(",")
    for column in header:
        assert f"<code>{column}</code>" in page


def test_a_pending_edit_of_a_live_interview_stays_out_of_the_files(client, content, redaktion_user):
    from interviews.editorial import pending, publishing

    data = pending.snapshot(content)
    data["interview"]["title"] = "Noch nicht freigegebene Überschrift"
    data["questions"][0]["answer"] = "<p>Noch nicht freigegebene Antwort</p>"
    publishing.save_pending(content, data, redaktion_user, content.version)

    json_body = client.get("/daten/interviews.json").content.decode()
    csv_body = client.get("/daten/interviews.csv").content.decode("utf-8-sig")

    assert content.pending_change is not None  # the edit waits for Freigabe
    for body in (json_body, csv_body):
        assert "Noch nicht freigegeben" not in body
        assert "Wärmeplanung läuft" in body
    assert "Klimaschutz als Gemeinschaftsaufgabe" in json_body


def test_data_package_describes_both_files_and_validates_with_frictionless(client, content, tmp_path):
    import frictionless
    import jsonschema

    package = json.loads(client.get("/daten/datapackage.json").content)
    for resource in package["resources"]:
        (tmp_path / resource["path"]).write_bytes(client.get(f"/daten/{resource['path']}").content)
    schema_path = package["resources"][1]["jsonSchema"]
    (tmp_path / schema_path).write_bytes(client.get(f"/daten/{schema_path}").content)
    (tmp_path / "datapackage.json").write_text(json.dumps(package))

    report = frictionless.validate(str(tmp_path / "datapackage.json"))

    assert report.valid, report.flatten(["type", "note"])
    header = next(csv.reader(io.StringIO((tmp_path / "interviews.csv").read_text(encoding="utf-8-sig"))))
    assert [field["name"] for field in package["resources"][0]["schema"]["fields"]] == header
    schema = json.loads((tmp_path / schema_path).read_text())
    data = json.loads((tmp_path / "interviews.json").read_text())
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    assert data["interviews"][0]["questions"]  # the schema describes real records, not an empty list
    assert package["licenses"][0]["path"] == data["licence"]["url"]


def test_json_schema_refuses_a_record_with_an_undocumented_field(client, content):
    import jsonschema

    schema = json.loads(client.get("/daten/interviews.schema.json").content)
    data = json.loads(client.get("/daten/interviews.json").content)
    data["interviews"][0]["kommune"]["secret"] = "x"

    with pytest.raises(jsonschema.ValidationError, match="secret"):
        jsonschema.validate(data, schema)


def test_frictionless_finds_a_csv_that_does_not_match_its_schema(client, content, tmp_path):
    import frictionless

    package = json.loads(client.get("/daten/datapackage.json").content)
    body = client.get("/daten/interviews.csv").content.decode("utf-8-sig")
    (tmp_path / "interviews.csv").write_text(body.replace(",2026,4,", ",zweitausend,4,"), encoding="utf-8-sig")
    (tmp_path / "interviews.json").write_bytes(client.get("/daten/interviews.json").content)
    (tmp_path / "datapackage.json").write_text(json.dumps(package))

    report = frictionless.validate(str(tmp_path / "datapackage.json"))

    assert not report.valid
    assert sorted({error[0] for error in report.flatten(["type"])}) == ["type-error"]


def test_data_page_links_the_package(client, content):
    page = client.get("/daten/").content.decode()
    assert 'href="/daten/datapackage.json"' in page and 'href="/daten/interviews.schema.json"' in page
