"""Generate N published interviews in series of six, for the growth figures.

    DATABASE_URL=sqlite:////tmp/x/growth.sqlite3 python -m bench.content 600

Writes into an empty, migrated database only, and refuses the development
database. Interviews use the demo's themes and sample answers (about 2,000
words each), all published in the past; series have six parts each.
"""

import argparse
import datetime
import os
import random
from pathlib import Path

import django


def generate(count):
    """Create ``count`` published interviews. Touches: themes, series, Kommunen, interviews, questions."""
    from django.db import transaction

    from interviews import demo_content
    from interviews.models import Interview, Question, Series, Status, Theme
    from interviews.reader import cache
    from municipalities.models import Kommune, KommuneKind, State

    rng = random.Random(count)
    with transaction.atomic():
        themes = {data["slug"]: Theme.objects.create(**data) for data in demo_content.THEMES}
        theme_slugs = demo_content.SERIES[0]["themes"]
        series_count = max(1, (count + 5) // 6)
        first_year = 2100 - series_count + 1
        all_series = []
        for index in range(series_count):
            series = Series.objects.create(
                slug=f"reihe-{index + 1}",
                year=max(2000, first_year + index),
                subtitle=f"Generierte Reihe {index + 1}",
                description="Generierte Reihe für den Benchmark.",
            )
            series.themes.set([themes[slug] for slug in theme_slugs])
            all_series.append(series)
        kinds, states = list(KommuneKind.values), list(State.values)
        kommunen = Kommune.objects.bulk_create(
            Kommune(
                name=f"Benchstadt {n}",
                slug=f"benchstadt-{n}",
                kind=kinds[n % len(kinds)],
                state=states[n % len(states)],
                population=rng.randint(2_000, 600_000),
                description="Generierte Kommune für den Benchmark.",
                is_fictional=True,
            )
            for n in range(1, count + 1)
        )
        start = datetime.datetime(2020, 1, 1, 9, tzinfo=datetime.UTC)
        interviews = Interview.objects.bulk_create(
            Interview(
                series=all_series[n // 6],
                part=n % 6 + 1,
                kommune=kommunen[n],
                slug=f"bench-interview-{n + 1}",
                title=f"Klimaschutz vor Ort, Folge {n + 1}",
                lead="<p>Ein generiertes Interview für den Benchmark; es besteht aus Beispieltext.</p>",
                interviewee_name=f"Person {n + 1} (fiktiv)",
                interviewee_role="Klimaschutzmanagerin",
                is_sample=True,
                status=Status.PUBLISHED,
                published_at=start + datetime.timedelta(days=2 * n),
            )
            for n in range(count)
        )
        questions = [
            question
            for n, interview in enumerate(interviews)
            for question in demo_content.sample_question_rows(
                interview, {"seed": n, "words": 2000}, theme_slugs, themes
            )
        ]
        Question.objects.bulk_create(questions, batch_size=500)
        cache.bump_content_version()
    return len(interviews), len(questions)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.conf import settings

    from interviews.models import Interview

    database = settings.DATABASES["default"]
    name = Path(str(database["NAME"])).resolve()
    if database["ENGINE"] != "django.db.backends.sqlite3" or name == (Path(settings.BASE_DIR) / "db.sqlite3").resolve():
        raise SystemExit("bench.content writes only into a separate SQLite file (set DATABASE_URL).")
    if Interview.objects.exists():
        raise SystemExit(f"{name} already holds interviews; bench.content needs an empty database.")
    interviews, questions = generate(args.count)
    print(f"{interviews} interviews with {questions} questions in {name}")


if __name__ == "__main__":
    main()
