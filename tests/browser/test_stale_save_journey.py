"""A stale save from a second tab, in a real browser (core.locking).

Julia opens one interview in two tabs and saves a change in the second. Her
first tab then saves a change to another field: merged and saved, and the
message names her own other tab with the time of that save. Then both tabs
change the same answer: the first tab's text is not saved over the second's,
not lost either, and the page says what happened. Screenshots go to ``screenshots/``.
"""

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect
from reversion.models import Version

from core import richtext
from tests.admin_forms import change_url
from tests.browser.conftest import SCREENSHOT_DIR, login
from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, SeriesFactory, ThemeFactory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SAVE = "Speichern und weiter bearbeiten"


@pytest.fixture
def interview(site):
    themes = [ThemeFactory(title=title) for title in ("Verankerung", "Wärmeplanung")]
    interview = InterviewFactory(
        series=SeriesFactory(year=2027, themes=themes),
        kommune=KommuneFactory(name="Ilm-Kreis"),
        title="Wärme aus dem Wald",
    )
    for number in (1, 2, 3, 4):  # more than three: questions start collapsed
        QuestionFactory(
            interview=interview,
            theme=themes[number % 2],
            position=number,
            question=f"Frage {number}: Wie geht es weiter?",
            answer=f"<p>Antwort {number} mit ein paar Wörtern.</p>",
        )
    make_user("julia", group="Redaktion")
    return interview


def last_saved_at(interview):
    """The time of the newest history entry of ``interview`` as the admin shows it."""
    revision = Version.objects.get_for_object(interview).select_related("revision").first().revision
    return date_format(timezone.localtime(revision.date_created), "DATETIME_FORMAT")


def append_to_answer(tab, number, text):
    tab.get_by_role("button", name=f"Frage {number}", exact=True).click()
    tab.locator(f"#questions-{number - 1} .ProseMirror").click()
    tab.keyboard.press("Control+End")
    tab.keyboard.type(text)


def answer(interview, number):
    return richtext.plain_text(interview.questions.get(position=number).answer)


def test_two_tabs_of_one_editor_merge_where_they_can_and_explain_where_they_cannot(new_page, interview):
    first_tab = new_page()
    login(first_tab, "julia")
    first_tab.goto(change_url(interview))
    second_tab = first_tab.context.new_page()
    second_tab.goto(change_url(interview))

    # Tab 2: a new title, saved.
    second_tab.locator("#id_title").fill("Wärme aus dem eigenen Wald")
    second_tab.get_by_role("button", name=SAVE).first.click()
    expect(second_tab.locator(".messagelist")).to_contain_text("erfolgreich geändert")
    saved_at = last_saved_at(interview)

    # Tab 1 (opened before that save): a sentence added to answer 2. No field changed in both: merged and saved.
    append_to_answer(first_tab, 2, " Und ein Satz aus dem ersten Tab.")
    first_tab.get_by_role("button", name=SAVE).first.click()
    messages = first_tab.locator(".messagelist")
    expect(messages).to_contain_text("Zusammengeführt und gespeichert: Sie selbst haben „")
    expect(messages).to_contain_text(f"am {saved_at} in einem anderen Fenster oder Tab gespeichert.")
    expect(messages).to_contain_text("Von dort übernommen: Überschrift")
    expect(first_tab.locator("#id_title")).to_have_value("Wärme aus dem eigenen Wald")
    first_tab.screenshot(path=SCREENSHOT_DIR / "stale-save-merged-1280.png", full_page=False)
    interview.refresh_from_db()
    assert interview.title == "Wärme aus dem eigenen Wald"
    assert "Und ein Satz aus dem ersten Tab." in answer(interview, 2)

    # Tab 2 still shows the older answer 2; it changes answer 2 too and saves: the same field, not saved over.
    append_to_answer(second_tab, 2, " Ein anderer Satz aus dem zweiten Tab.")
    second_tab.get_by_role("button", name=SAVE).first.click()
    stale = second_tab.locator(".stale-save")
    expect(stale).to_contain_text("Sie selbst haben „")
    expect(stale).to_contain_text(f"am {last_saved_at(interview)} in einem anderen Fenster oder Tab gespeichert.")
    expect(stale).to_contain_text("Dort und hier geändert (hier steht Ihre Fassung, bitte prüfen): Frage 2: Antwort.")
    expect(stale.locator("ins")).to_contain_text(["Und ein Satz aus dem ersten Tab."])
    expect(second_tab.locator("#questions-1 .ProseMirror")).to_contain_text("Ein anderer Satz aus dem zweiten Tab.")
    second_tab.screenshot(path=SCREENSHOT_DIR / "stale-save-conflict-1280.png", full_page=False)
    interview.refresh_from_db()
    assert "Ein anderer Satz" not in answer(interview, 2)

    # Nothing typed was lost: the second tab's text saves with the next „Speichern“.
    second_tab.get_by_role("button", name=SAVE).first.click()
    expect(second_tab.locator(".messagelist")).to_contain_text("erfolgreich geändert")
    interview.refresh_from_db()
    assert "Ein anderer Satz aus dem zweiten Tab." in answer(interview, 2)
    assert interview.title == "Wärme aus dem eigenen Wald"
    assert first_tab.problems == []
