"""Nothing is lost after an error, in a real browser: questions reordered, a portrait chosen, then an error.

The form comes back with the questions in the order the editor chose and the
portrait kept; the corrected save stores both. Screenshot: ``screenshots/``.
"""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.admin_forms import change_url
from tests.browser.conftest import SCREENSHOT_DIR, login
from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, SeriesFactory, ThemeFactory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def interview(site):
    themes = [ThemeFactory(title=title) for title in ("Verankerung", "Wärmeplanung")]
    series = SeriesFactory(year=2027, themes=themes)
    interview = InterviewFactory(series=series, kommune=KommuneFactory(name="Ilm-Kreis"), title="Wärme aus dem Wald")
    for number in range(1, 5):
        QuestionFactory(
            interview=interview,
            theme=themes[number % 2],
            position=number,
            question=f"Frage {number}: Wie geht es weiter?",
            answer=f"<p>Antwort {number} mit ein paar Wörtern.</p>",
        )
    make_user("redakteurin", group="Redaktion")
    return interview


def test_reordered_questions_and_a_chosen_portrait_survive_an_error(new_page, interview, tmp_path):
    picture = tmp_path / "erika.png"
    Image.new("RGB", (60, 80), (200, 120, 40)).save(picture, "PNG")
    page = new_page()
    login(page, "redakteurin")
    page.goto(change_url(interview))

    # Question 4 to the top, question 1 to the end; a portrait without its alt text; the title emptied (an error).
    page.get_by_role("combobox", name="Neue Position für Frage 4").select_option(label="an Position 1")
    page.get_by_role("button", name="Frage 4 an die gewählte Position verschieben").click()
    page.get_by_role("combobox", name="Neue Position für Frage 2").select_option(label="an Position 4")
    page.get_by_role("button", name="Frage 2 an die gewählte Position verschieben").click()
    page.set_input_files("input[name=portrait]", str(picture))
    page.fill("#id_title", "")
    page.get_by_role("button", name="Speichern und weiter bearbeiten").first.click()

    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".kept-upload")).to_contain_text("„erika.png“ ist zwischengespeichert")
    shown = page.locator("#questions-group .inline-related:not(.empty-form) textarea[name$='-question']")
    order = ["Frage 4", "Frage 2", "Frage 3", "Frage 1"]
    expect(shown).to_have_count(4)
    assert [text[:7] for text in shown.evaluate_all("areas => areas.map(a => a.value)")] == order
    page.screenshot(path=SCREENSHOT_DIR / "nothing-lost-after-error.png", full_page=True)

    page.fill("#id_title", "Wärme aus dem Wald")
    page.fill("#id_portrait_alt", "Erika Beispiel vor dem Heizwerk")
    page.get_by_role("button", name="Speichern und weiter bearbeiten").first.click()
    expect(page.locator(".messagelist")).to_contain_text("erfolgreich geändert")

    interview.refresh_from_db()
    stored = list(interview.questions.order_by("position").values_list("question", flat=True))
    assert [text[:7] for text in stored] == order
    assert interview.portrait.name.endswith(".png")
    with Image.open(io.BytesIO(interview.portrait.read())) as image:
        assert image.size == (60, 80)
    assert page.problems == []
