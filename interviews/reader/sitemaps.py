"""``/sitemap.xml``: every public page, with absolute URLs from ``settings.SITE_URL``."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import sitemaps
from django.urls import reverse

from interviews.models import Interview, Series, Theme
from municipalities.models import Kommune


class SiteUrlSitemap(sitemaps.Sitemap):
    """Builds URLs from SITE_URL, not from the request's Host header."""

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"


class InterviewSitemap(SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Interview.objects.published().order_by("-published_at", "pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class SeriesSitemap(SiteUrlSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Series.objects.filter(interviews__in=Interview.objects.published()).distinct().order_by("-year")


class ThemeSitemap(SiteUrlSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        public_questions = Interview.objects.published().values("pk")
        return Theme.objects.filter(questions__interview__in=public_questions).distinct().order_by("position", "slug")


class KommuneSitemap(SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Kommune.objects.filter(interviews__in=Interview.objects.published()).distinct().order_by("slug")


class StaticSitemap(SiteUrlSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return [
            "interviews:home",
            "interviews:list",
            "interviews:series_index",
            "interviews:themes",
            "interviews:data",
            "municipalities:list",
            "pages:impressum",
            "pages:datenschutz",
            "pages:barrierefreiheit",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "seiten": StaticSitemap,
    "reihen": SeriesSitemap,
    "interviews": InterviewSitemap,
    "themen": ThemeSitemap,
    "kommunen": KommuneSitemap,
}
