"""The editor's desk: server time of the interview form against Django's own admin form (issue 21).

    .venv/bin/python -m bench.desk        (also: make bench, and python -m bench.run --desk-only)

A 30-question interview of about 2,800 answer words; the baseline is Django's
own admin change form of a plain model with 30 inline rows (a Kommune with 30
awards on a plain AdminSite, bench/urls.py), in the same run. Measured in
process with Django's test client (server time only, no network, no browser):
opening the form, a save with one changed word, and the pending save of a live
interview by Redaktion. The background worker's backend (django-tasks-db)
is on: saves queue their PDF tasks as in production. Median of ROUNDS after
one warm-up. Own SQLite file in bench-results/work/desk/.
"""

import json
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench-results" / "work" / "desk"
ROUNDS = 7
GOAL_RATIO = 2.0
GOAL_OPEN_MS = 300
GOAL_SAVE_MS = 300
GOAL_PENDING_MS = 500


def setup():
    WORK.mkdir(parents=True, exist_ok=True)
    database = WORK / "desk.sqlite3"
    database.unlink(missing_ok=True)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=f"sqlite:///{database}",
        MEDIA_ROOT=str(WORK / "media"),
        STATIC_ROOT=str(WORK / "static"),
        LOG_LEVEL="ERROR",
        TASKS_BACKEND="db",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)


def content():
    """A 30-question interview (~2,800 words, published) and a Kommune with 30 awards; users."""
    from municipalities.models import Award
    from tests.factories import (
        InterviewFactory,
        KommuneFactory,
        QuestionFactory,
        SeriesFactory,
        ThemeFactory,
        make_user,
    )

    themes = [ThemeFactory(title=f"Thema {n}") for n in range(1, 5)]
    series = SeriesFactory(themes=themes)
    interview = InterviewFactory(series=series, title="Dreißig Fragen")
    words = [
        *("Die", "Stadt", "plant", "die", "Wärme", "gemeinsam", "mit", "den", "Stadtwerken"),
        *("und", "den", "Bürgerinnen", "vor", "Ort"),
    ]
    for number in range(30):
        answer = " ".join(words[(number + i) % len(words)] for i in range(93))
        QuestionFactory(
            interview=interview,
            theme=themes[number % 4],
            position=number + 1,
            question=f"Frage {number + 1}: Wie geht es weiter?",
            answer=f"<p>{answer}.</p>",
        )
    kommune = KommuneFactory(name="Basisstadt")
    Award.objects.bulk_create(Award(kommune=kommune, year=2010 + n, category=f"Kategorie {n}") for n in range(30))
    return interview, kommune, make_user("chefin", superuser=True), make_user("redakteurin", group="Redaktion")


def timed(call):
    started = time.perf_counter()
    response = call()
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code in (200, 302), response.status_code
    return elapsed


def median_ms(call, rounds=ROUNDS):
    call()  # warm-up
    return statistics.median(timed(call) for _ in range(rounds))


def form_data(response):
    """What the browser would post from the page's change form (read from its HTML, as a browser does)."""
    import lxml.html

    form = lxml.html.fromstring(response.content.decode()).get_element_by_id("interview_form")
    data = {}
    for element in form.iter("input", "textarea", "select"):
        name = element.get("name")
        kind = (element.get("type") or "").lower()
        if (
            not name
            or kind in ("submit", "file", "button")
            or kind in ("checkbox", "radio")
            and element.get("checked") is None
        ):
            continue
        if element.tag == "select":
            chosen = [
                option.get("value", option.text)
                for option in element.iter("option")
                if option.get("selected") is not None
            ]
            data[name] = chosen[0] if chosen else ""
        elif element.tag == "textarea":
            data[name] = element.text or ""
        else:
            data[name] = element.get("value", "on" if kind == "checkbox" else "")
    return data


def errors_of(response):
    import re

    return re.findall(
        r'<(?:ul class="errorlist[^"]*"|p class="errornote")[^>]*>(.*?)</(?:ul|p)>', response.content.decode(), re.S
    )


def measure():
    from django.test import Client
    from django.urls import reverse

    from interviews.editorial import publishing
    from interviews.models import Status

    interview, kommune, boss, editor = content()
    change = reverse("admin:interviews_interview_change", args=[interview.pk])
    plain = f"/bench/plain-admin/municipalities/kommune/{kommune.pk}/change/"
    client = Client()
    client.force_login(boss)
    results = {
        "words": sum(len(q.answer.split()) for q in interview.questions.all()),
        "baseline_open_ms": median_ms(lambda: client.get(plain)),
        "open_ms": median_ms(lambda: client.get(change)),
    }
    flip = iter(range(10_000))

    def save_one_word():
        data = form_data(client.get(change))
        data["questions-0-answer"] = f"<p>Wort{next(flip)} {data['questions-0-answer'][3:]}"
        started = time.perf_counter()
        response = client.post(change, data)
        assert response.status_code == 302, errors_of(response)
        return (time.perf_counter() - started) * 1000

    save_one_word()
    results["save_ms"] = statistics.median(save_one_word() for _ in range(ROUNDS))

    publishing.publish(interview, boss, comment="Bench", override_reason="Bench: no interviewee")
    interview.refresh_from_db()
    assert interview.status == Status.PUBLISHED
    redaktion = Client()
    redaktion.force_login(editor)

    def pending_save():
        data = form_data(redaktion.get(change))
        data["questions-1-answer"] = f"<p>Wort{next(flip)} {data['questions-1-answer'][3:]}"
        started = time.perf_counter()
        response = redaktion.post(change, data)
        assert response.status_code == 302, response.content[:2000]
        return (time.perf_counter() - started) * 1000

    pending_save()
    results["pending_save_ms"] = statistics.median(pending_save() for _ in range(ROUNDS))
    results["ratio"] = results["open_ms"] / results["baseline_open_ms"]
    if os.environ.get("BENCH_PROFILE"):  # where the time of opening the form goes (cProfile, cumulative)
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(client.get, change)
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
    return results


def goals(results):
    return {
        f"form opens ≤ {GOAL_RATIO:g}× baseline and < {GOAL_OPEN_MS} ms": results["ratio"] <= GOAL_RATIO
        and results["open_ms"] < GOAL_OPEN_MS,
        f"save of one changed word < {GOAL_SAVE_MS} ms": results["save_ms"] < GOAL_SAVE_MS,
        f"pending save of a live interview < {GOAL_PENDING_MS} ms": results["pending_save_ms"] < GOAL_PENDING_MS,
    }


def table(results):
    german_words = f"{results['words']:,}".replace(",", ".")
    lines = [
        f"### The editor's desk (30 questions, {german_words} words; median of {ROUNDS}, server time)",
        "",
        "| what | ms |",
        "|---|---:|",
        f"| Django's own admin form, 30 inline rows (baseline) | {results['baseline_open_ms']:.0f} |",
        f"| interview form opens | {results['open_ms']:.0f} ({results['ratio']:.1f}× baseline) |",
        f"| save with one changed word | {results['save_ms']:.0f} |",
        f"| pending save of a live interview (Redaktion) | {results['pending_save_ms']:.0f} |",
        "",
    ]
    lines += [f"- {'✔' if met else '✘'} {goal}" for goal, met in goals(results).items()]
    return "\n".join(lines)


def main():
    setup()
    results = measure()
    text = table(results)
    print(text)
    (ROOT / "bench-results").mkdir(exist_ok=True)
    (ROOT / "bench-results" / "desk.json").write_text(json.dumps(results, indent=2))
    (ROOT / "bench-results" / "desk.md").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
