"""Render the review set (bench/review_set.py) and print the typographic figures per interview.

    python -m bench.review [--out var/review] [--only KEY ...] [--no-collections] [--no-print-master]

(``make review-pdfs``). Loads the fourteen fictional interviews into a new
SQLite database in the output folder (never db.sqlite3; media there too,
tasks queued to the database and never run), then through the real pipeline:
each part with ``fitting.fit`` (measured on its layout tree) and
``storage.store_pdf`` (the stored file readers get), the print master of the
first interview (``print_master``; needs ``make print-profile``), and the
first series' Sammelband and Themenhefte (``collections.store_series_collections``).
Writes the PDFs, their pages as PNGs (``pdftoppm -r 45``) and one contact sheet
per PDF (``<name>-sheet.png``) into the output folder, and prints a table:
pages, body size, layouts of the fit, the worst column foot gap on full body pages and on the
cover (``columns.foot_gaps``), loose lines (``columns.loose_lines``),
pull quotes printed/dropped, and hyphens at a page turn, in headlines and in web addresses.
"""

import argparse
import io
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.workspace import own_database

ROOT = Path(__file__).resolve().parent.parent
PX_TO_MM = 25.4 / 96
PNG_DPI = 45


# --- Pictures that look photographic (gradients, soft shapes, grain) ---------------------------

SIZES = {"upright": (900, 1200), "landscape": (1500, 1000), "tall": (810, 1440)}


def _soft_field(rng, size, palette, cells=(6, 8)):
    """Low-frequency colour variation: a few random cells enlarged smoothly."""
    from PIL import Image

    small = Image.new("RGB", cells)
    small.putdata(
        [
            tuple(max(0, min(255, c + rng.randint(-28, 28))) for c in rng.choice(palette))
            for _ in range(cells[0] * cells[1])
        ]
    )
    return small.resize(size, Image.Resampling.BICUBIC)


def _finish(image, rng):
    """Blur a little and add grain, as JPEG bytes."""
    from PIL import Image, ImageFilter

    image = image.filter(ImageFilter.GaussianBlur(2.2))
    grain = Image.effect_noise(image.size, 22).convert("RGB")
    image = Image.blend(image, grain, 0.07)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=86)
    return buffer.getvalue()


def portrait_jpeg(kind, seed):
    """A stand-in portrait: a blurred figure before a soft background (no real person)."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    width, height = SIZES[kind]
    backgrounds = [[(70, 95, 120), (110, 130, 150), (160, 170, 175)], [(120, 100, 80), (160, 140, 110), (90, 80, 70)]]
    image = _soft_field(rng, (width, height), rng.choice(backgrounds))
    person = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(person)
    cx = width * rng.uniform(0.42, 0.58)
    head = min(width, height) * 0.17
    top = height * 0.22
    draw.ellipse((cx - head, top, cx + head, top + 2.5 * head), fill=255)
    draw.ellipse((cx - 3.4 * head, top + 2.6 * head, cx + 3.4 * head, top + 9 * head), fill=255)
    person = person.filter(ImageFilter.GaussianBlur(6))
    skin = Image.new("RGB", (width, height), (196, 160, 138))
    coat = _soft_field(rng, (width, height), [(40, 50, 70), (60, 60, 65), (90, 40, 40)], cells=(3, 4))
    clothes = Image.new("L", (width, height), 0)
    ImageDraw.Draw(clothes).rectangle((0, top + 2.4 * head, width, height), fill=255)
    clothes = clothes.filter(ImageFilter.GaussianBlur(10))
    figure = Image.composite(coat, skin, clothes)
    shade = Image.linear_gradient("L").rotate(90).resize((width, height))  # light from the left
    figure = Image.composite(figure, Image.blend(figure, Image.new("RGB", (width, height)), 0.35), shade)
    image = Image.composite(figure, image, person)
    return _finish(image, rng)


def figure_jpeg(kind, seed):
    """A stand-in project photo: sky, horizon, ground and a few built shapes."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    width, height = SIZES[kind]
    horizon = int(height * rng.uniform(0.38, 0.6))
    sky = Image.linear_gradient("L").resize((width, horizon))
    sky = Image.merge(
        "RGB", [sky.point(lambda v: 120 + v // 2), sky.point(lambda v: 160 + v // 3), sky.point(lambda v: 215 + v // 8)]
    )
    ground = _soft_field(rng, (width, height - horizon), [(80, 110, 60), (110, 120, 70), (100, 90, 60)], cells=(9, 5))
    image = Image.new("RGB", (width, height))
    image.paste(sky, (0, 0))
    image.paste(ground, (0, horizon))
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(3, 6)):
        w = rng.randint(width // 10, width // 3)
        h = rng.randint(height // 12, height // 3)
        x = rng.randint(0, width - w)
        y = horizon - h + rng.randint(0, height // 10)
        tone = rng.randint(60, 150)
        draw.rectangle((x, y, x + w, y + h), fill=(tone, tone - 10, tone - 20))
        for wx in range(x + 8, x + w - 16, 28):
            for wy in range(y + 10, y + h - 16, 34):
                draw.rectangle((wx, wy, wx + 14, wy + 18), fill=(40, 55, 75))
    return _finish(image, rng)


# --- The database and the set ------------------------------------------------------------------


def load(keys):
    """Create the review set's themes, series, Kommunen, interviews (published), portraits, figures, questions."""
    from django.apps import apps
    from django.core.files.base import ContentFile
    from django.db import transaction
    from django.utils import timezone

    from bench import review_set
    from interviews import demo_content
    from interviews.models import Interview, Question, Series, Status, Theme
    from municipalities.models import Kommune

    try:
        figure_model = apps.get_model("interviews", "Figure")
    except LookupError:
        figure_model = None
    with transaction.atomic():
        themes = {}
        for data in demo_content.THEMES:
            if data["slug"] in review_set.THEME_SLUGS:
                themes[data["slug"]] = Theme.objects.create(**data)
        series = {}
        for data in review_set.SERIES:
            series[data["slug"]] = Series.objects.create(**data)
            series[data["slug"]].themes.set(themes.values())
        published = timezone.now() - timezone.timedelta(days=30)
        for number, spec in enumerate(review_set.INTERVIEWS):
            if keys and spec["key"] not in keys:
                continue
            kommune = Kommune.objects.create(
                **spec["kommune"], description="Erfundene Kommune für die Durchsicht der PDFs.", is_fictional=True
            )
            interview = Interview(
                series=series[spec["series"]],
                part=spec["part"],
                kommune=kommune,
                slug=spec["key"],
                title=spec["title"],
                lead=f"<p>{spec['lead']}</p>",
                interviewee_title=spec.get("interviewee_title", ""),
                interviewee_name=spec["interviewee_name"],
                interviewee_role=spec["interviewee_role"],
                interviewee_wording=spec["wording"],
                interviewer="Redaktion der Prüfreihe (fiktiv)",
                page_count=spec["pages"],
                is_sample=True,
                status=Status.PUBLISHED,
                published_at=published + timezone.timedelta(hours=number),
            )
            if spec["portrait"]:
                interview.portrait.save(
                    f"{spec['key']}.jpg", ContentFile(portrait_jpeg(spec["portrait"], number)), save=False
                )
                interview.portrait_alt = (
                    "Erzeugtes Beispielbild: unscharfe Gestalt vor farbigem Hintergrund (kein Foto)"
                )
                interview.photo_credit = "Beispielbild, erzeugt für die Prüfreihe"
                interview.portrait_rights = True
            interview.save()
            for position, (theme, question, answer, quote) in enumerate(review_set.answers(spec), start=1):
                row = Question(
                    interview=interview,
                    theme=themes[theme],
                    position=position,
                    question=question,
                    answer=answer,
                    pull_quote=quote,
                )
                row.full_clean()  # the pull quote stands word for word in its answer
                row.save()
            if figure_model is None:
                continue
            for position, (kind, caption, credit, alt) in enumerate(spec["figures"], start=1):
                figure = figure_model(
                    interview=interview, caption=caption, credit=credit, alt_text=alt, position=position
                )
                if any(field.name == "rights_cleared" for field in figure_model._meta.fields):
                    figure.rights_cleared = True
                figure.image.save(
                    f"{spec['key']}-{position}.jpg",
                    ContentFile(figure_jpeg(kind, 100 + number * 7 + position)),
                    save=False,
                )
                figure.save()
    return figure_model is not None


# --- Measuring ---------------------------------------------------------------------------------


def _boxes(box):
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


def short_ends(document):
    """The paragraphs and list items (ending on their page) whose last line is a piece of at most four letters
    of a word hyphenated at the line before (not at the text's own hyphen): (line before, last line)."""
    from interviews.pdf import columns

    found = []
    for page in document.pages:
        for box in _boxes(page._page_box):
            if box.element is None or box.element_tag not in ("p", "li"):
                continue
            lines = [child for child in box.children if type(child).__name__ == "LineBox"]
            if len(lines) < 2 or getattr(lines[-1], "resume_at", None) is not None:
                continue
            before, last = ("".join(t.text for t in columns.text_boxes(line)).strip() for line in lines[-2:])
            if not before.endswith("-") or len(last.rstrip(".,;:!?")) >= 5:
                continue
            # The text's own hyphen („System- und.“, „GO-Bio.“) is no break inside a word that hyphenation made.
            text = " ".join("".join(box.element.itertext()).split())
            end, start = before.split()[-1], last.split()[0]
            if f"{end} {start}" not in text and f"{end}{start}" not in text:
                found.append((before, last))
    return found


def hyphens(document):
    """Where a line ends with a hyphen that should not: (pages turned on a hyphen, headline lines, address lines).

    A page turn: the last line of the last body column of a page before the
    page where the text ends. Headlines (h1/h2) and web addresses (``a.url``):
    a line ending with "-", as ("eigener", word) when the text has that hyphen
    (a break after it), ("zugefügt", word) when the line break added it.
    """
    from interviews.pdf import columns, turns

    turns_found = turns.page_turn_hyphens(document, columns.columns(document))
    headline, address = [], []
    for page in document.pages:
        for box in _boxes(page._page_box):
            tag = box.element_tag if box.element is not None else None
            if tag in ("h1", "h2"):
                source = "".join(box.element.itertext()).lower()
                for line in columns.line_boxes(box):
                    text = "".join(t.text for t in columns.text_boxes(line)).rstrip()
                    if text.endswith("-"):
                        word = text.split()[-1]
                        headline.append(("eigener" if word.lower() in source else "zugefügt", word))
            if tag == "a" and "url" in (box.element.get("class") or "").split() and type(box).__name__ == "InlineBox":
                text = "".join(t.text for t in columns.text_boxes(box))
                text = text.replace("\u200b", "").replace("\u2060", "")
                if text.endswith("-"):
                    # Inside the address itself the line ends at one of its own hyphens, else the hyphen is added.
                    address.append(("eigener" if text in (box.element.get("href") or "") else "zugefügt", text))
    return turns_found, headline, address


def measure(interview):
    """Fit ``interview`` once and read the figures from its layout tree."""
    from interviews.pdf import columns, fitting, load_source

    source = load_source(interview)
    started = time.perf_counter()
    result = fitting.fit(source, write=False)
    seconds = time.perf_counter() - started
    gaps = columns.foot_gaps(result.document)
    end_page = columns.end_page(result.document)
    # Full body pages: after the cover, before the page where the text ends (that one may end short).
    worst = max((g for g in gaps if 0 < g[0] < end_page), key=lambda gap: gap[1], default=(0, 0.0, 0.0))
    cover = max((g[2] for g in gaps if g[0] == 0), default=0.0)
    loose, justified = columns.loose_lines(result.document)
    turns, headline, address = hyphens(result.document)
    quotes = len(source.body_quotes)
    return {
        "words": source.word_count,
        "questions": len(source.questions),
        "pages": result.measure.pages,
        "wanted": source.interview.pages,
        "font": result.setting.font_size,
        "leading": result.setting.leading,
        "layouts": result.layouts,
        "gap_lines": worst[2],
        "gap_mm": worst[1] * PX_TO_MM,
        "gap_page": worst[0] + 1,
        "cover_gap_lines": cover,
        "loose": 100 * loose / max(1, justified),
        "justified": justified,
        "quotes_printed": quotes - result.setting.quotes_dropped,
        "quotes_dropped": result.setting.quotes_dropped,
        "cover_quote": source.cover_quote is not None,
        "fill": result.measure.last_fill,
        "turns": turns,
        "headline_hyphens": headline,
        "address_hyphens": address,
        "figures": len(getattr(source, "figures", []) or []),
        "seconds": seconds,
    }


def booklet_gaps(series):
    """The first theme's booklet laid out once more: its body size and column foot gaps (``columns.foot_gaps``)."""
    from interviews.pdf import booklet, collections, columns

    theme = series.themes.order_by("position").first()
    result = booklet.render_booklet(theme, series, collections.booklet_interviews(theme, series))
    last_text_page = len(result.document.pages) - 2
    gaps = [gap for gap in columns.foot_gaps(result.document) if 0 < gap[0] < last_text_page]
    page, px, _lines = max(gaps, key=lambda gap: gap[1], default=(0, 0.0, 0.0))
    line = result.setting.font_size * result.setting.leading * 96 / 72  # foot_gaps measures in a part's lines
    lines = px / line
    print(
        f"Themenheft {theme.slug}: {result.pages} S., Grundschrift {result.setting.font_size:.2f} pt, "
        f"größte Lücke am Spaltenfuß vor der letzten Textseite {lines:.1f} Zeilen = {px * PX_TO_MM:.1f} mm "
        f"(S. {page + 1}), Spalten mit mehr als 2 Zeilen Lücke: {sum(g[1] > 2 * line for g in gaps)} von {len(gaps)}"
    )


# --- Pictures of the pages ---------------------------------------------------------------------


def pngs(pdf_path):
    """``pdftoppm -r 45`` of every page, and one contact sheet of them all (four pages a row)."""
    from PIL import Image

    stem = pdf_path.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(PNG_DPI), "-png", str(pdf_path), str(stem)], check=True)
    pages = sorted(pdf_path.parent.glob(f"{stem.name}-[0-9]*.png"))
    images = [Image.open(page) for page in pages]
    if not images:
        return 0
    per_row = min(4, len(images))
    width, height = max(i.width for i in images), max(i.height for i in images)
    rows = (len(images) + per_row - 1) // per_row
    sheet = Image.new("RGB", (per_row * (width + 8) + 8, rows * (height + 8) + 8), (150, 150, 150))
    for index, image in enumerate(images):
        sheet.paste(image.convert("RGB"), (8 + index % per_row * (width + 8), 8 + index // per_row * (height + 8)))
    sheet.save(f"{stem}-sheet.png")
    return len(images)


# --- The run -----------------------------------------------------------------------------------


def table(rows):
    head = (
        f"{'interview':<20} {'Fr':>3} {'Wörter':>6} {'S.':>5} {'pt':>5} {'ZAB':>4} {'Lay':>3} "
        f"{'Lücke Z':>7} {'mm':>5} {'S.':>3} {'Tit.Z':>5} {'lose %':>6} {'Zitate':>7} {'Abb':>3} {'Fill':>5} "
        "Trennung Seitenwechsel"
    )
    print(head)
    print("-" * len(head))
    for key, m in rows:
        if "error" in m:
            print(f"{key:<20} FEHLER: {m['error']}")
            continue
        quotes = f"{m['quotes_printed']}/{m['quotes_printed'] + m['quotes_dropped']}" + (
            "+T" if m["cover_quote"] else ""
        )
        turns = ", ".join(f"S. {page}: {word}" for page, word in m["turns"]) or "nein"
        gap_page = m["gap_page"] if m["gap_mm"] >= 0.5 else "-"
        print(
            f"{key:<20} {m['questions']:>3} {m['words']:>6} {m['pages']:>2}/{m['wanted']:<2} {m['font']:>5.2f} "
            f"{m['leading']:>4.2f} {m['layouts']:>3} {m['gap_lines']:>7.1f} {m['gap_mm']:>5.1f} {gap_page:>3} "
            f"{m['cover_gap_lines']:>5.1f} {m['loose']:>6.1f} {quotes:>7} {m['figures']:>3} {m['fill']:>5.2f} {turns}"
        )
        if m["headline_hyphens"] or m["address_hyphens"]:
            print(
                f"{'':<20} Trennstrich in Überschrift: {m['headline_hyphens']}, in Webadresse: {m['address_hyphens']}"
            )
    print(
        "Fr: Fragen; S.: Seiten (erhalten/verlangt); pt: Grundschrift; ZAB: Zeilenabstand (em); Lay: Layouts der "
        "Einpassung; Lücke: größte Lücke am Spaltenfuß auf vollen Textseiten (nach der Titelseite, vor der Seite, "
        "auf der der Text endet; Zeilen, mm, Seite); Tit.Z: dasselbe auf der Titelseite (Zeilen); lose: Anteil der "
        "Blocksatzzeilen mit Wortabstand > 0,6 em; Zitate: gedruckt/vorhanden (+T: eins auf der Titelseite); "
        "Abb: Projektbilder; Fill: Füllung der letzten Textseite."
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "var" / "review"), help="output folder (emptied first)")
    parser.add_argument("--only", action="append", default=[], help="only this interview key (repeatable)")
    parser.add_argument("--no-collections", action="store_true")
    parser.add_argument("--no-print-master", action="store_true")
    args = parser.parse_args()
    # A database and media of its own; tasks only queued (the renders below are made here, in order).
    # Citations and back pages show an address of a site's length, not 127.0.0.1:8000.
    out = own_database(
        args.out, "review.sqlite3", PDF_RENDER_TIMEOUT="600", SITE_URL="https://interviews.akk-klimaschutz.example"
    )
    from django.conf import settings

    from bench import review_set
    from interviews import pdf
    from interviews.models import CollectionPdf, Interview, Series
    from interviews.pdf import collections

    with_figures = load(set(args.only))
    print(
        f"Prüfreihe geladen: {Interview.objects.count()} Interviews"
        + ("" if with_figures else " (ohne Projektbilder: kein Figure-Modell)")
    )
    rows = []
    for spec in review_set.INTERVIEWS:
        interview = Interview.objects.filter(slug=spec["key"]).first()
        if interview is None:
            continue
        try:
            figures = measure(interview)
        except Exception as error:  # noqa: BLE001 (a refusal is a finding: reported in the table, the run goes on)
            rows.append((spec["key"], {"error": " ".join(str(getattr(error, "messages", [error])[0]).split())[:160]}))
            print(f"{spec['key']}: {rows[-1][1]['error']}", file=sys.stderr)
            continue
        outcome = pdf.store_pdf(interview)
        interview.refresh_from_db()
        if outcome == "rendered" and interview.pdf_file:
            target = out / f"{spec['key']}.pdf"
            shutil.copyfile(Path(settings.MEDIA_ROOT) / interview.pdf_file.name, target)
            pngs(target)
        else:
            figures["error"] = f"store_pdf: {outcome} {interview.pdf_error}"
        rows.append((spec["key"], figures))
        print(
            f"{spec['key']}: {figures['pages']} S., {figures['font']:.2f} pt, {figures['seconds']:.1f} s",
            file=sys.stderr,
        )
    first = Interview.objects.order_by("series__year", "part").first()
    if not args.no_print_master and first is not None:
        try:
            target = out / f"druckvorlage-{first.slug}.pdf"
            target.write_bytes(pdf.render_print_master(first))
            pngs(target)
        except Exception as error:  # noqa: BLE001
            print(f"Druckvorlage: {error}", file=sys.stderr)
    if not args.no_collections:
        series = Series.objects.order_by("year").first()
        outcomes = collections.store_series_collections(series)
        for row in CollectionPdf.objects.filter(series=series).exclude(file="").select_related("theme"):
            name = "sammelband" if row.theme is None else f"themenheft-{row.theme.slug}"
            target = out / f"{name}-{series.slug}.pdf"
            shutil.copyfile(Path(settings.MEDIA_ROOT) / row.file.name, target)
            pngs(target)
        print(f"Sammelband und Themenhefte: {outcomes}", file=sys.stderr)
        booklet_gaps(series)
    print()
    table(rows)
    print(f"\nPDFs, Seiten-PNGs (-r {PNG_DPI}) und Kontaktbögen (*-sheet.png): {out}")


if __name__ == "__main__":
    main()
