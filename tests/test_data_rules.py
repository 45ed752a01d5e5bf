"""Rules editors trip over, kept by the data: themes of the series, AKK membership chosen,
German numbers, German URL names, part numbers with the free ones named."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.forms import parse_german_number
from core.slugs import german_slugify
from interviews.editorial import publishing
from interviews.models import Interview, Question, Series
from municipalities.models import Kommune
from tests.admin_forms import form_data
from tests.factories import InterviewFactory, KommuneFactory, QuestionFactory, SeriesFactory, ThemeFactory
from tests.test_admin import add_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def series_2022():
    old = ThemeFactory(title="Verankerung")
    return SeriesFactory(year=2022, themes=[old])


@pytest.fixture
def theme_2026():
    new_theme = ThemeFactory(title="Klimaneutrale Wärmeplanung")
    SeriesFactory(year=2026, themes=[new_theme])
    return new_theme


def page_text(response):
    return response.content.decode()


# Theme ∈ series themes


def test_a_question_of_a_2022_interview_cannot_have_a_2026_theme(series_2022, theme_2026):
    interview = InterviewFactory(series=series_2022)
    question = Question(interview=interview, theme=theme_2026, question="Wie?", position=1)

    with pytest.raises(ValidationError) as error:
        question.full_clean()

    assert error.value.message_dict["theme"] == [
        f"Das Thema „Klimaneutrale Wärmeplanung“ gehört nicht zur Reihe „{series_2022}“. Möglich sind: „Verankerung“."
    ]


def test_the_question_form_offers_only_the_series_themes(client, redaktion_user, series_2022, theme_2026):
    interview = InterviewFactory(series=series_2022)
    QuestionFactory(interview=interview, theme=series_2022.themes.get())
    client.force_login(redaktion_user)

    page = page_text(client.get(reverse("admin:interviews_interview_change", args=[interview.pk])))

    assert ">Verankerung</option>" in page
    assert "Klimaneutrale Wärmeplanung" not in page


def test_posting_a_foreign_theme_is_refused_and_nothing_changes(client, redaktion_user, series_2022, theme_2026):
    own_theme = series_2022.themes.get()
    interview = InterviewFactory(series=series_2022)
    question = QuestionFactory(interview=interview, theme=own_theme, question="Alte Frage?")
    client.force_login(redaktion_user)
    url = reverse("admin:interviews_interview_change", args=[interview.pk])
    data = form_data(client.get(url))
    data["questions-0-theme"] = str(theme_2026.pk)
    data["questions-0-question"] = "Neue Frage?"

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Dieses Thema gehört nicht zur Reihe. Möglich sind: „Verankerung“." in page_text(response)
    question.refresh_from_db()
    assert (question.theme, question.question) == (own_theme, "Alte Frage?")


def test_new_interview_with_a_foreign_theme_names_the_allowed_themes(client, redaktion_user, series_2022, theme_2026):
    client.force_login(redaktion_user)
    data = form_data(client.get(reverse("admin:interviews_interview_add")))
    data.update(
        series=str(series_2022.pk),
        part="1",
        kommune=str(KommuneFactory().pk),
        title="Wärme",
        interviewee_name="Erika Beispiel",
    )
    add_question(data, 0, theme_2026, "Wie?", "<p>So.</p>")

    response = client.post(reverse("admin:interviews_interview_add"), data)

    assert "gehört nicht zur Reihe" in page_text(response)
    assert "Möglich sind: „Verankerung“" in page_text(response)
    assert not Interview.objects.exists()


def test_publishing_refuses_a_question_with_a_foreign_theme(freigabe_user, series_2022, theme_2026):
    interview = InterviewFactory(series=series_2022, review=True)
    QuestionFactory(interview=interview, theme=series_2022.themes.get())
    QuestionFactory(interview=interview, theme=theme_2026, theme_in_series=False)  # e.g. written by a script

    with pytest.raises(ValidationError) as error:
        publishing.publish(interview, freigabe_user)

    assert any("Frage 2: Das Thema „Klimaneutrale Wärmeplanung“" in message for message in error.value.messages)
    interview.refresh_from_db()
    assert not Interview.objects.published().exists()


def test_a_theme_in_use_cannot_be_removed_from_its_series(client, superuser, series_2022):
    theme = series_2022.themes.get()
    other = ThemeFactory(title="Personal")
    QuestionFactory(interview=InterviewFactory(series=series_2022), theme=theme)
    client.force_login(superuser)
    url = reverse("admin:interviews_series_change", args=[series_2022.pk])
    data = form_data(client.get(url))
    data["themes"] = [str(other.pk)]

    response = client.post(url, data)

    assert "Diese Themen haben Fragen in Interviews der Reihe und bleiben deshalb: „Verankerung“" in page_text(response)
    assert list(series_2022.themes.all()) == [theme]


# AKK membership is chosen


def test_new_kommune_has_no_membership_preselected_and_must_choose(client, redaktion_user):
    client.force_login(redaktion_user)
    url = reverse("admin:municipalities_kommune_add")
    page = client.get(url)
    html = page_text(page)
    assert 'name="akk_member"' in html
    assert "checked" not in html.split('name="akk_member"')[0].rsplit("<fieldset", 1)[-1]
    assert not any(" checked" in chunk.split(">")[0] for chunk in html.split('name="akk_member"')[1:])
    data = form_data(page)
    data.pop("akk_member", None)
    data.update(name="Neustadt am Wald", kind="stadt", state="TH", population="38.400")

    response = client.post(url, data)

    assert "Bitte wählen Sie, ob die Kommune Mitglied im AKK ist." in page_text(response)
    assert not Kommune.objects.exists()

    data["akk_member"] = "False"
    client.post(url, data)
    kommune = Kommune.objects.get()
    assert (kommune.akk_member, kommune.population, kommune.slug) == (False, 38400, "neustadt-am-wald")


def test_existing_members_stay_members_when_edited(client, redaktion_user):
    kommune = KommuneFactory(akk_member=True, population=106000)
    client.force_login(redaktion_user)
    url = reverse("admin:municipalities_kommune_change", args=[kommune.pk])
    page = client.get(url)
    assert 'value="106.000"' in page_text(page)  # shown the German way

    client.post(url, form_data(page))

    kommune.refresh_from_db()
    assert (kommune.akk_member, kommune.population) == (True, 106000)


# German numbers


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("38.400", Decimal(38400)),
        ("38400", Decimal(38400)),
        ("106 000", Decimal(106000)),
        ("1.234,5", Decimal("1234.5")),
        ("50,68", Decimal("50.68")),
        ("50.68", Decimal("50.68")),
        ("1.234.567", Decimal(1234567)),
    ],
)
def test_german_numbers_are_read(typed, value):
    assert parse_german_number(typed) == value


@pytest.mark.parametrize("typed", ["1.2.3", "abc", "12,", "1,2,3", "38.40,0,1"])
def test_malformed_numbers_are_refused(typed):
    with pytest.raises(ValueError):
        parse_german_number(typed)


def test_a_malformed_population_gets_a_german_error(client, redaktion_user):
    kommune = KommuneFactory(population=25000)
    client.force_login(redaktion_user)
    url = reverse("admin:municipalities_kommune_change", args=[kommune.pk])
    data = form_data(client.get(url))
    data["population"] = "38,4"

    response = client.post(url, data)

    assert "Bitte eine ganze Zahl eingeben, z. B. 38.400 oder 38400." in page_text(response)
    kommune.refresh_from_db()
    assert kommune.population == 25000


# German URL names


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Wärmewende", "waermewende"),
        ("Große Öfen, übergroße Ämter", "grosse-oefen-uebergrosse-aemter"),
        ("Straßenbeleuchtung in Löbau", "strassenbeleuchtung-in-loebau"),
        ("  Ä Ö Ü  ", "ae-oe-ue"),
    ],
)
def test_url_names_transliterate_german(text, slug):
    assert german_slugify(text) == slug


def test_an_empty_url_name_is_made_from_the_title_on_the_server(client, redaktion_user):
    theme = ThemeFactory()
    series = SeriesFactory(themes=[theme])
    client.force_login(redaktion_user)
    data = form_data(client.get(reverse("admin:interviews_interview_add")))
    data.update(
        series=str(series.pk),
        part="1",
        kommune=str(KommuneFactory().pk),
        title="Wärme aus dem Wald für Groß und Klein",
        slug="",
        interviewee_name="Erika Beispiel",
    )

    client.post(reverse("admin:interviews_interview_add"), data)

    assert Interview.objects.get().slug == "waerme-aus-dem-wald-fuer-gross-und-klein"


def add_interview_data(client, title, slug):
    theme = ThemeFactory()
    series = SeriesFactory(themes=[theme])
    data = form_data(client.get(reverse("admin:interviews_interview_add")))
    data.update(
        series=str(series.pk),
        part="1",
        kommune=str(KommuneFactory().pk),
        title=title,
        slug=slug,
        interviewee_name="Erika Beispiel",
    )
    return data


def test_umlauts_typed_into_the_url_name_are_converted_on_the_server(client, redaktion_user):
    client.force_login(redaktion_user)
    data = add_interview_data(client, "Wärme", "Wärme aus dem Wald für Groß")

    client.post(reverse("admin:interviews_interview_add"), data)

    assert Interview.objects.get().slug == "waerme-aus-dem-wald-fuer-gross"


def test_a_url_name_without_letters_gets_a_german_error(client, redaktion_user):
    client.force_login(redaktion_user)
    data = add_interview_data(client, "Wärme", "!!!")

    response = client.post(reverse("admin:interviews_interview_add"), data)

    assert response.context["adminform"].form.errors["slug"] == [
        "„!!!“ enthält keine Buchstaben oder Ziffern. Der Kurzname (URL) besteht aus Buchstaben a–z, Ziffern und "
        "Bindestrichen; lassen Sie das Feld leer, wird er aus dem Namen gebildet."
    ]
    assert not Interview.objects.exists()


def test_a_taken_url_name_typed_gets_a_german_error_with_a_free_one(client, redaktion_user):
    other = InterviewFactory(slug="waerme-aus-dem-wald")
    client.force_login(redaktion_user)
    data = add_interview_data(client, "Wärme", "Wärme aus dem Wald")

    response = client.post(reverse("admin:interviews_interview_add"), data)

    assert response.context["adminform"].form.errors["slug"] == [
        f"Den Kurznamen (URL) „waerme-aus-dem-wald“ hat schon ein anderer Eintrag ({other}). Bitte wählen Sie "
        "einen anderen, z. B. „waerme-aus-dem-wald-2“."
    ]
    assert Interview.objects.count() == 1


def test_a_url_name_made_by_the_server_never_clashes(client, redaktion_user):
    InterviewFactory(slug="waerme-aus-dem-wald")
    client.force_login(redaktion_user)
    data = add_interview_data(client, "Wärme aus dem Wald", "")

    client.post(reverse("admin:interviews_interview_add"), data)

    assert Interview.objects.filter(slug="waerme-aus-dem-wald-2").exists()


def test_the_admin_form_loads_the_german_slug_script(client, superuser):
    client.force_login(superuser)
    for name in (
        "interviews_interview_add",
        "interviews_series_add",
        "interviews_theme_add",
        "municipalities_kommune_add",
    ):
        html = page_text(client.get(reverse(f"admin:{name}")))
        assert html.index("admin/js/urlify.js") < html.index("admin-extra/german-slug.js"), name


# Part numbers


def test_a_part_clash_in_the_admin_names_the_free_parts(client, redaktion_user):
    theme = ThemeFactory()
    series = SeriesFactory(planned_parts=6, themes=[theme])
    for part in (1, 2, 4):
        InterviewFactory(series=series, part=part, title=f"Teil {part}")
    interview = InterviewFactory(series=series, part=5)
    client.force_login(redaktion_user)
    url = reverse("admin:interviews_interview_change", args=[interview.pk])
    page = client.get(url)
    assert f"{series}: vergeben 1, 2, 4 (dieses Interview: Teil 5); frei 3, 6" in page_text(page)
    data = form_data(page)
    data["part"] = "2"

    response = client.post(url, data)

    assert f"Teil 2 der Reihe „{series}“ ist schon vergeben (an „Teil 2“). Freie Teile: 3, 5, 6." in page_text(response)
    interview.refresh_from_db()
    assert interview.part == 5


def test_the_series_list_shows_taken_and_free_parts(client, redaktion_user):
    series = SeriesFactory(planned_parts=6)
    for part in (1, 3):
        InterviewFactory(series=series, part=part)
    SeriesFactory(planned_parts=2, year=2022)
    client.force_login(redaktion_user)

    page = page_text(client.get(reverse("admin:interviews_series_changelist")))

    assert "2 von 6 vergeben (1, 3) · frei: 2, 4, 5, 6" in page
    assert "0 von 2 vergeben (–) · frei: 1, 2" in page
    assert Series.objects.count() == 2
