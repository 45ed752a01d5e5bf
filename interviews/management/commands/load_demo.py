"""Load the demo content (idempotent): ``python manage.py load_demo``.

Creates the demo series, themes, Kommunen and interviews that are missing.
Rows that already exist are not touched, so edits made in the admin survive
``make run``/``make demo``; delete a demo interview to get it back in its
original form. The demo accounts get the demo password (printed) every time.
"""

import io
import secrets
from pathlib import Path

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from interviews import demo_content
from interviews.models import Figure, Interview, Series, Theme
from municipalities.models import Award, Kommune

DEMO_USERS = [
    ("admin", None, True),
    ("redaktion", "Redaktion", False),
    ("freigabe", "Freigabe", False),
]


def demo_password():
    """The demo accounts' password: settings.DEMO_PASSWORD, or one generated once and kept in var/."""
    if settings.DEMO_PASSWORD:
        return settings.DEMO_PASSWORD
    path = Path(settings.BASE_DIR) / "var" / "demo-password.txt"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    password = "akk-" + secrets.token_urlsafe(9)
    path.write_text(password + "\n")
    path.chmod(0o600)
    return password


def placeholder_portrait(seed):
    """A neutral placeholder graphic (no photo of a real person), as JPEG bytes."""
    from PIL import Image, ImageDraw

    hues = [(40, 110, 160), (200, 110, 40), (60, 140, 80), (120, 80, 150), (170, 60, 60), (90, 90, 90)]
    background = hues[seed % len(hues)]
    image = Image.new("RGB", (900, 1100), background)
    draw = ImageDraw.Draw(image)
    light = tuple(min(255, c + 90) for c in background)
    draw.ellipse((300, 200, 600, 520), fill=light)
    draw.ellipse((150, 600, 750, 1300), fill=light)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def placeholder_figure(motif, size):
    """A drawn placeholder for a project photo ("solar" or "wind"), as JPEG bytes: no photo, no third-party image."""
    from PIL import Image, ImageDraw

    width, height = size
    image = Image.new("RGB", size, (120, 175, 225))
    draw = ImageDraw.Draw(image)
    horizon = int(height * 0.62)
    draw.rectangle((0, horizon, width, height), fill=(90, 150, 70))
    draw.ellipse(
        (int(width * 0.78), int(height * 0.08), int(width * 0.92), int(height * 0.08 + width * 0.14)),
        fill=(250, 210, 60),
    )
    if motif == "wind":
        mast_x, hub_y = width // 2, int(height * 0.3)
        draw.polygon(
            [(mast_x - 18, height), (mast_x + 18, height), (mast_x + 6, hub_y), (mast_x - 6, hub_y)], fill="white"
        )
        blade = int(height * 0.22)
        for dx, dy in [(0, -blade), (int(blade * 0.87), blade // 2), (-int(blade * 0.87), blade // 2)]:
            draw.line((mast_x, hub_y, mast_x + dx, hub_y + dy), fill="white", width=max(6, width // 90))
        draw.ellipse((mast_x - 16, hub_y - 16, mast_x + 16, hub_y + 16), fill=(230, 230, 230))
    else:
        roof_top = int(height * 0.3)
        draw.polygon(
            [
                (int(width * 0.1), horizon),
                (int(width * 0.9), horizon),
                (int(width * 0.75), roof_top),
                (int(width * 0.25), roof_top),
            ],
            fill=(170, 60, 50),
        )
        rows, cols = 3, 8
        left, right = int(width * 0.28), int(width * 0.72)
        top, bottom = roof_top + 20, horizon - 20
        cell_w, cell_h = (right - left) / cols, (bottom - top) / rows
        for row in range(rows):
            for col in range(cols):
                x0, y0 = left + col * cell_w + 3, top + row * cell_h + 3
                draw.rectangle((x0, y0, x0 + cell_w - 6, y0 + cell_h - 6), fill=(25, 45, 110))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Lädt die Demo-Inhalte (Reihe 2026 mit Beispieltexten). Mehrfach ausführbar."

    def add_arguments(self, parser):
        parser.add_argument("--no-users", action="store_true", help="Keine Demo-Konten anlegen.")

    @transaction.atomic
    def handle(self, *args, **options):
        """Create what is missing; rows that exist (perhaps edited in the admin since) are left as they are."""
        themes = {}
        for data in demo_content.THEMES:
            values = {k: v for k, v in data.items() if k != "slug"}
            themes[data["slug"]], _ = Theme.objects.get_or_create(slug=data["slug"], defaults=values)
        series = {}
        for data in demo_content.SERIES:
            values = {k: v for k, v in data.items() if k not in ("slug", "themes")}
            obj, new = Series.objects.get_or_create(slug=data["slug"], defaults=values)
            if new:
                obj.themes.set([themes[slug] for slug in data["themes"]])
            series[data["slug"]] = (obj, data["themes"])
        kommunen = {}
        for data in demo_content.KOMMUNEN:
            values = {k: v for k, v in data.items() if k not in ("slug", "awards")}
            kommune, new = Kommune.objects.get_or_create(slug=data["slug"], defaults=values)
            if new:
                for year, category in data.get("awards", []):
                    Award.objects.get_or_create(kommune=kommune, year=year, category=category)
            elif kommune.latitude is None and "latitude" in data:
                # Demo databases made before the map get their coordinates.
                kommune.latitude, kommune.longitude = data["latitude"], data["longitude"]
                kommune.save(update_fields=["latitude", "longitude", "updated_at"])
            kommunen[data["slug"]] = kommune
        created = 0
        for index, data in enumerate(demo_content.INTERVIEWS):
            series_obj, theme_slugs = series[data["series"]]
            if Interview.objects.filter(series=series_obj, part=data["part"]).exists():
                continue
            with reversion.create_revision():
                reversion.set_comment("Demo-Inhalt angelegt (make demo)")
                self.create_interview(index, data, series_obj, kommunen[data["kommune"]], themes, theme_slugs)
            created += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo-Inhalte geladen: {Series.objects.count()} Reihen, {Interview.objects.count()} Interviews "
                f"({created} neu), {Kommune.objects.count()} Kommunen."
            )
        )
        if not options["no_users"]:
            self.create_users()

    def create_interview(self, index, data, series, kommune, themes, theme_slugs):
        interview = Interview(series=series, part=data["part"], kommune=kommune)
        for field in ["slug", "title", "interviewee_name", "interviewee_role", "lead", "status", "published_at"]:
            setattr(interview, field, data[field])
        interview.interviewee_title = data.get("interviewee_title", "")
        interview.interviewee_wording = data.get(
            "interviewee_wording", Interview._meta.get_field("interviewee_wording").default
        )
        interview.planned_date = data.get("planned_date")
        interview.page_count = data.get("page_count")
        interview.interviewer = "Redaktion AKK (Demo)"
        interview.is_sample = True
        if data.get("portrait", True):
            interview.portrait.save(f"demo-{index}.jpg", ContentFile(placeholder_portrait(index)), save=False)
            interview.portrait_alt = "Platzhaltergrafik: stilisierte Person vor farbigem Hintergrund (kein Foto)"
            interview.photo_credit = "Platzhaltergrafik, akk-cms (Demo)"
            # Drawn here, no photo of anyone: its rights are clear (publishing stops at a portrait without them).
            interview.portrait_rights = True
        interview.save()
        # Saved one by one (not bulk_create) so that the revision records them.
        for question in demo_content.sample_question_rows(interview, data, theme_slugs, themes):
            question.save()
        for number, spec in enumerate(data.get("figures", []), start=1):
            figure = Figure(
                interview=interview,
                caption=spec["caption"],
                alt_text=spec["alt_text"],
                credit=demo_content.FIGURE_CREDIT,
                position=number,
                rights_cleared=True,
            )
            figure.image.save(
                f"demo-{index}-{number}.jpg", ContentFile(placeholder_figure(spec["motif"], spec["size"])), save=False
            )
            figure.save()

    def create_users(self):
        password = demo_password()
        User = get_user_model()
        for username, group, superuser in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
            user.is_staff = True
            user.is_superuser = superuser
            user.set_password(password)
            user.save()
            if group:
                user.groups.set([Group.objects.get(name=group)])
        self.stdout.write(
            "Demo-Konten (Passwort für alle: "
            + password
            + "):\n  admin (alle Rechte), redaktion (Gruppe Redaktion), freigabe (Gruppe Freigabe)"
        )
