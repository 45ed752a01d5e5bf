"""The interview page: content, anchors, download, citation, metadata, preview, images."""

import io
import json
import re

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from interviews.models import Status
from municipalities.models import Award
from tests.factories import (
    InterviewFactory,
    KommuneFactory,
    QuestionFactory,
    SeriesFactory,
    ThemeFactory,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview():
    kommune = KommuneFactory(name="Ilm-Kreis", slug="ilm-kreis", kind="landkreis", state="TH", population=106000)
    Award.objects.create(kommune=kommune, year=2021, category="Klimaschutz durch Kooperation")
    series = SeriesFactory(slug="mal-nachgefragt-2026", year=2026, funding_notice="Gefördert durch: Testministerium")
    interview = InterviewFactory(
        series=series,
        part=4,
        kommune=kommune,
        slug="ilm-kreis-gemeinschaftsaufgabe",
        title="Klimaschutz als Gemeinschaftsaufgabe",
        lead="<p>Vertrauen und Akzeptanz sind die Voraussetzung.</p>",
        interviewee_name="Felix Schmigalle",
        interviewee_role="Klimaschutzmanager des Ilm-Kreises",
        interviewer="Redaktion AKK",
        published=True,
    )
    verankerung = ThemeFactory(title="Verankerung und Wirkung", slug="verankerung", position=1)
    waerme = ThemeFactory(title="Klimaneutrale Wärmeplanung", slug="waermeplanung", position=3)
    QuestionFactory(interview=interview, theme=verankerung, position=1, question="Wie ist der Klimaschutz verankert?")
    QuestionFactory(
        interview=interview,
        theme=waerme,
        position=2,
        question="Wo stehen Sie bei der Wärmeplanung?",
        answer="<p>Wir haben den Wärmeplan beschlossen. Die Umsetzung beginnt.</p>",
        pull_quote="Wir haben den Wärmeplan beschlossen.",
    )
    QuestionFactory(interview=interview, theme=verankerung, position=3, question="Wer treibt das Thema voran?")
    return interview


def get(client, interview):
    return client.get(interview.get_absolute_url()).content.decode()


def test_interview_page_shows_headline_teaser_interviewee_and_kommune_facts(client, interview):
    html = get(client, interview)

    assert html.count("<h1") == 1
    assert "Klimaschutz als Gemeinschaftsaufgabe</h1>" in html
    assert "Vertrauen und Akzeptanz sind die Voraussetzung." in html
    assert "Felix Schmigalle" in html
    assert "Klimaschutzmanager des Ilm-Kreises" in html
    assert "Landkreis" in html and "Thüringen" in html
    assert "106.000" in html
    assert "„Klimaaktive Kommune“ 2021" in html and "Klimaschutz durch Kooperation" in html


def test_questions_are_grouped_by_theme_with_stable_anchors_and_a_table_of_contents(client, interview):
    html = get(client, interview)
    questions = {q.question: q for q in interview.questions.all()}

    assert 'id="thema-verankerung"' in html
    assert 'id="thema-waermeplanung"' in html
    for question in questions.values():
        assert f'id="frage-{question.pk}"' in html
        assert f'href="#frage-{question.pk}"' in html
    assert 'href="#thema-verankerung"' in html
    # Both questions of "Verankerung" come before the theme "Wärmeplanung".
    section_start = html.index('id="thema-verankerung"')
    second_theme = html.index('id="thema-waermeplanung"')
    assert section_start < html.index("Wer treibt das Thema voran?", section_start) < second_theme


def test_pull_quote_is_highlighted(client, interview):
    html = get(client, interview)

    assert re.search(r'<figure class="pull-quote">\s*<blockquote><p>Wir haben den Wärmeplan beschlossen\.</p>', html)


def test_pdf_link_names_pages_and_size_once_rendered(client, interview):
    assert "PDF, 6 Seiten)" in get(client, interview)

    interview.pdf_file.save("test.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    interview.pdf_pages = 6
    interview.pdf_size = 1_234_567
    interview.save()

    html = get(client, interview)
    assert "PDF, 6 Seiten, 1,2 MB" in html
    assert f'href="{interview.get_pdf_url()}"' in html


def test_citation_suggestion_works_without_javascript_and_has_a_copy_button(client, interview):
    html = get(client, interview)

    citation = re.search(r'<p class="citation" id="zitat">(.*?)</p>', html, re.S).group(1)
    assert "Schmigalle, Felix (2026): „Klimaschutz als Gemeinschaftsaufgabe“" in citation
    assert "Teil 4 von 6" in citation
    assert "http://127.0.0.1:8000/interviews/ilm-kreis-gemeinschaftsaufgabe/" in citation
    assert 'data-copy-target="zitat"' in html and " hidden>" in html
    assert "/static/js/copy.js" in html
    assert "onclick" not in html and "style=" not in html


def test_previous_and_next_parts_are_linked(client, interview):
    before = InterviewFactory(series=interview.series, part=2, title="Teil zwei", published=True)
    after = InterviewFactory(series=interview.series, part=5, title="Teil fünf", published=True)
    InterviewFactory(series=interview.series, part=6, title="Entwurf sechs", status=Status.DRAFT)

    html = get(client, interview)

    assert f'href="{before.get_absolute_url()}" rel="prev"' in html
    assert f'href="{after.get_absolute_url()}" rel="next"' in html
    assert "Entwurf sechs" not in html


def test_metadata_canonical_open_graph_highwire_and_json_ld(client, interview, settings):
    settings.SITE_URL = "https://mal-nachgefragt.example"

    html = get(client, interview)

    url = "https://mal-nachgefragt.example/interviews/ilm-kreis-gemeinschaftsaufgabe/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta property="og:title" content="Klimaschutz als Gemeinschaftsaufgabe">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="description" content="Vertrauen und Akzeptanz sind die Voraussetzung.">' in html
    assert '<meta name="citation_title" content="Klimaschutz als Gemeinschaftsaufgabe">' in html
    assert '<meta name="citation_author" content="Schmigalle, Felix">' in html
    assert '<meta name="citation_pdf_url" content="https://mal-nachgefragt.example/interviews/' in html
    assert re.search(r'<meta name="citation_publication_date" content="\d{4}/\d{2}/\d{2}">', html)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Article"
    assert data["headline"] == "Klimaschutz als Gemeinschaftsaufgabe"
    assert data["url"] == url
    assert data["author"]["name"] == "Felix Schmigalle"
    assert [thing["name"] for thing in data["about"]] == ["Verankerung und Wirkung", "Klimaneutrale Wärmeplanung"]


def test_json_ld_cannot_break_out_of_its_script_block(client, interview):
    interview.title = "</script><script>alert(1)</script>"
    interview.save()

    html = get(client, interview)

    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block
    assert "<script>alert(1)" not in html


def test_sample_interview_says_its_answers_are_sample_text(client, interview):
    assert "Die Antworten in diesem Interview sind Platzhaltertext" not in get(client, interview)

    interview.is_sample = True
    interview.save()

    assert "Die Antworten in diesem Interview sind Platzhaltertext" in get(client, interview)


def test_fictional_kommune_is_marked(client, interview):
    interview.kommune.is_fictional = True
    interview.kommune.save()

    assert '<span class="badge badge--demo">fiktiv</span>' in get(client, interview)


@pytest.mark.parametrize("state", ["draft", "review", "scheduled"])
def test_staff_see_unpublished_interviews_as_preview_anonymous_readers_get_404(client, interview, state):
    if state == "scheduled":
        interview.published_at = interview.published_at.replace(year=2099)
    else:
        interview.status = state
    interview.save()

    response = client.get(interview.get_absolute_url())
    assert response.status_code == 404
    assert "Klimaschutz als Gemeinschaftsaufgabe" not in response.content.decode()

    client.force_login(make_user("redakteur"))
    response = client.get(interview.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Vorschau</strong>" in html
    assert "Klimaschutz als Gemeinschaftsaufgabe" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-cache" in response["Cache-Control"]


def test_published_interview_has_no_preview_banner_for_staff(client, interview):
    client.force_login(make_user("redakteur"))

    assert "<strong>Vorschau</strong>" not in get(client, interview)


def portrait_bytes(width=1200, height=1500):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 110, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def with_portrait(interview, alt="Felix Schmigalle vor dem Landratsamt"):
    interview.portrait.save("upload.jpg", ContentFile(portrait_bytes()), save=False)
    interview.portrait_alt = alt
    interview.photo_credit = "Foto: Ilm-Kreis"
    interview.save()
    return interview


def image_urls(html):
    return re.findall(r"(/bilder/[^\s\"]+)", html)


def fetched_image(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return Image.open(io.BytesIO(b"".join(response.streaming_content)))


def test_portrait_is_delivered_as_webp_and_jpeg_renditions_never_as_original(client, interview):
    with_portrait(interview)
    stem = interview.portrait.name.rsplit("/", 1)[1].rsplit(".", 1)[0]

    html = get(client, interview)

    assert interview.portrait.url not in html and stem not in html
    assert 'alt="Felix Schmigalle vor dem Landratsamt"' in html
    assert "Bild: Foto: Ilm-Kreis" in html
    srcset = re.search(r'<source type="image/webp" srcset="([^"]+)"', html).group(1)
    assert [entry.split()[1] for entry in srcset.split(", ")] == ["320w", "640w", "960w"]
    with fetched_image(client, srcset.split(", ")[1].split()[0]) as image:
        assert image.format == "WEBP"
        assert image.size == (640, 800)
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert og_image.startswith("http://127.0.0.1:8000/bilder/interview/") and og_image.endswith("-640w.jpg")
    small_jpeg = next(url for url in image_urls(html) if url.endswith("-320w.jpg"))
    with fetched_image(client, small_jpeg) as image:
        assert image.format == "JPEG" and image.width == 320


def test_renditions_are_made_on_save_and_a_page_view_writes_nothing(client, interview, settings):
    with_portrait(interview)
    folder = settings.MEDIA_ROOT / "renditions" / "portraits"
    made = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    assert len(made) == 6

    html = get(client, interview)
    for url in image_urls(html):
        fetched_image(client, url)

    assert {path.name: path.stat().st_mtime_ns for path in folder.iterdir()} == made


def test_a_withdrawn_interviews_portrait_is_no_longer_served(client, interview):
    with_portrait(interview)
    url = image_urls(get(client, interview))[0]
    assert client.get(url).status_code == 200

    interview.status = Status.DRAFT
    interview.save()

    assert client.get(url).status_code == 404


def test_a_replaced_portrait_takes_its_original_and_renditions_along(
    client, interview, settings, django_capture_on_commit_callbacks
):
    with_portrait(interview)
    old_original = settings.MEDIA_ROOT / interview.portrait.name
    old_url = image_urls(get(client, interview))[0]
    folder = settings.MEDIA_ROOT / "renditions" / "portraits"
    old_renditions = set(folder.iterdir())

    with django_capture_on_commit_callbacks(execute=True):
        with_portrait(interview)

    assert not old_original.exists()
    assert not old_renditions & set(folder.iterdir())
    assert len(list(folder.iterdir())) == 6
    assert client.get(old_url).status_code == 404
    new_url = image_urls(get(client, interview))[0]
    assert client.get(new_url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        interview.delete()
    assert list(folder.iterdir()) == []
    assert not list((settings.MEDIA_ROOT / "portraits").iterdir())


def test_only_current_renditions_of_public_owners_are_served(client, interview):
    with_portrait(interview)
    url = next(url for url in image_urls(get(client, interview)) if "-320w." in url)
    response = client.get(url)
    assert response.status_code == 200
    assert "sandbox" in response["Content-Security-Policy"] and response["Cache-Control"] == "public, max-age=3600"
    key_and_rest = url.rsplit("/", 1)[1]

    assert client.get(url.replace(key_and_rest, "0" * 24 + key_and_rest[24:])).status_code == 404
    assert client.get(url.replace("-320w.", "-321w.")).status_code == 404
    assert client.get(url.replace("/interview/", "/kommune/")).status_code == 404
    assert client.get("/media/" + interview.portrait.name).status_code == 404


def test_unreadable_portrait_leaves_out_the_image_instead_of_failing(client, interview):
    interview.portrait.save("broken.jpg", ContentFile(b"not an image"), save=False)
    interview.portrait_alt = "Porträt"
    interview.save()

    response = client.get(interview.get_absolute_url())

    assert response.status_code == 200
    assert "<picture" not in response.content.decode()
