"""Factories for tests (factory_boy). Published interviews need ``published_at``."""

import datetime
import importlib

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from interviews.models import ApprovalStatus, Figure, Interview, Question, Series, Status, Theme
from municipalities.models import Kommune, KommuneKind, State


class KommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kommune

    name = factory.Sequence(lambda n: f"Teststadt {n}")
    slug = factory.Sequence(lambda n: f"teststadt-{n}")
    kind = KommuneKind.STADT
    state = State.TH
    population = 25000


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    title = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")
    question = factory.Sequence(lambda n: f"Leitfrage {n}?")
    position = factory.Sequence(lambda n: n)


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series
        skip_postgeneration_save = True

    title = "Mal nachgefragt!"
    subtitle = "Interviews zu Herausforderungen im Klimaschutz"
    slug = factory.Sequence(lambda n: f"reihe-{n}")
    year = 2026
    planned_parts = 6
    funding_body = "Bundesministerium für Umwelt, Klimaschutz, Naturschutz und nukleare Sicherheit"
    funding_notice = "Gefördert durch: Testministerium aufgrund eines Beschlusses des Deutschen Bundestages"

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is not None:
            self.themes.set(extracted)


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    series = factory.SubFactory(SeriesFactory)
    part = factory.Sequence(lambda n: n % 6 + 1)
    kommune = factory.SubFactory(KommuneFactory)
    slug = factory.Sequence(lambda n: f"interview-{n}")
    title = factory.Sequence(lambda n: f"Interview-Überschrift {n}")
    lead = "<p>Ein kurzer Teaser.</p>"
    interviewee_name = factory.Sequence(lambda n: f"Person {n}")
    interviewee_role = "Klimaschutzmanagerin"
    status = Status.DRAFT
    # Most tests are not about the interviewee's authorisation: their interviews have it
    # (tests/test_approval.py and tests/test_pending.py start from "pending").
    approval_status = ApprovalStatus.APPROVED

    class Params:
        published = factory.Trait(
            status=Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)),
        )
        scheduled = factory.Trait(
            status=Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7)),
        )
        review = factory.Trait(status=Status.REVIEW)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    interview = factory.SubFactory(InterviewFactory)
    theme = factory.SubFactory(ThemeFactory)
    position = factory.Sequence(lambda n: n)
    question = factory.Sequence(lambda n: f"Frage Nummer {n}?")
    answer = "<p>Eine Antwort mit <strong>Inhalt</strong>.</p>"

    @factory.post_generation
    def theme_in_series(self, create, extracted, **kwargs):
        """A question's theme must be one of its series' themes (Question.clean, publishing)."""
        if create and extracted is not False:
            self.interview.series.themes.add(self.theme)


class FigureFactory(factory.django.DjangoModelFactory):
    """A project photo: a landscape 1500 x 1000 JPEG unless ``image__width``/``image__height`` say otherwise."""

    class Meta:
        model = Figure

    interview = factory.SubFactory(InterviewFactory)
    image = factory.django.ImageField(filename="projekt.jpg", format="JPEG", width=1500, height=1000, color="#2a6")
    caption = factory.Sequence(lambda n: f"Bildunterschrift {n}: das Projekt vor Ort.")
    credit = "Foto: Stadt Beispiel, CC BY 4.0"
    alt_text = factory.Sequence(lambda n: f"Beschreibung des Bildes {n}")
    position = factory.Sequence(lambda n: n)
    rights_cleared = True


def make_user(username, group=None, superuser=False, password="test-pass-123"):
    """A staff user, optionally in the group "Redaktion" or "Freigabe"."""
    user = get_user_model().objects.create_user(
        username=username, password=password, is_staff=True, is_superuser=superuser
    )
    if group:
        user.groups.add(editorial_group(group))
    return user


def editorial_group(name):
    """The group "Redaktion" or "Freigabe" as the data migration creates it.

    A transactional test (browser, threads, worker) flushes the database
    afterwards, which also removes the groups the migration made (Django
    recreates the permissions); recreate the groups with the migration's
    own definition then.
    """
    group = Group.objects.filter(name=name).first()
    if group is None:
        from django.apps import apps

        migration = importlib.import_module("interviews.migrations.0002_editorial_groups")
        migration.define_groups(apps)
        importlib.import_module("interviews.migrations.0015_figure_permissions").add_figure_permissions(apps)
        group = Group.objects.get(name=name)
    return group


# Answer words that put an interview of a few questions in the middle of a six-page PDF's range
# (interviews.pdf.fitting.word_range, counted by text_units).
FITS_SIX_PAGES = 3300

# Tests that publish lay their text out (nothing goes live without its layout). Where the page count is not what a
# test is about, its interview is the shortest part a series may have (``page_count=SHORT_PART_PAGES``: cover, one
# text page, back page) with ``FITS_SHORT_PART`` answer words (inside word_range(3), 509-992): a real layout in
# 0.2 CPU-s instead of 0.5 for six pages, and a quarter of the text for every save, comparison and word count.
# The six-page layout itself is what tests/test_pdf.py and the other PDF tests check.
SHORT_PART_PAGES = 3
FITS_SHORT_PART = 780


# Words per paragraph of ``answer_of``: answers come in paragraphs. One paragraph of 3,300 words left the
# right column of every body page two lines short, so each fit needed a second layout (tests that publish
# lay the text out: twice the WeasyPrint time); in paragraphs the first layout fits, as real texts do.
PARAGRAPH_WORDS = 80


def answer_of(words):
    """An answer of exactly ``words`` words in paragraphs of ``PARAGRAPH_WORDS``: ``FITS_SIX_PAGES`` fill a
    six-page PDF's range."""
    sentence = ["Wir", "setzen", "im", "Klimaschutz", "auf", "Zusammenarbeit", "über", "alle", "Ämter", "hinweg"]
    text = [sentence[i % len(sentence)] for i in range(words)]
    paragraphs = [text[start : start + PARAGRAPH_WORDS] for start in range(0, words, PARAGRAPH_WORDS)]
    return "".join("<p>" + " ".join(paragraph) + ".</p>" for paragraph in paragraphs)
