"""The Atom feed of published interviews (``/feed/``)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext_lazy as _

from core import citation, richtext, text
from interviews.models import Interview

FEED_LENGTH = 30


def _xml_safe(value):
    if isinstance(value, (list, tuple)):
        return type(value)(_xml_safe(item) for item in value)
    return text.xml_safe(value)


class XmlSafeAtom1Feed(Atom1Feed):
    """Atom whose texts lose what XML 1.0 forbids: a stored vertical tab or ESC never makes ``/feed/`` fail."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(_xml_safe, args), **{key: _xml_safe(value) for key, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(_xml_safe, args), **{key: _xml_safe(value) for key, value in kwargs.items()})


class InterviewFeed(Feed):
    feed_type = XmlSafeAtom1Feed
    title = _("Mal nachgefragt! – Interviews zum kommunalen Klimaschutz")
    language = "de"

    def subtitle(self):
        publication = citation.publication()
        return _("Neue Interviews der Reihe „Mal nachgefragt!“ für den %(group)s, herausgegeben von %(publisher)s.") % {
            "group": publication["working_group"],
            "publisher": publication["publisher"],
        }

    def author_name(self):
        return citation.publication()["publisher"]

    def link(self):
        return settings.SITE_URL + "/"

    def feed_url(self):
        return settings.SITE_URL + "/feed/"

    def items(self):
        return (
            Interview.objects.published()
            .select_related("kommune", "series")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return f"{item.kommune.name}: {item.title}"

    def item_description(self, item):
        text = richtext.plain_text(item.lead)
        if item.is_sample:
            text = f"{_('Demo-Inhalt: Die Antworten sind Beispieltext.')} {text}"
        return text

    def item_link(self, item):
        return settings.SITE_URL + item.get_absolute_url()

    def item_guid(self, item):
        return settings.SITE_URL + item.get_absolute_url()

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        return item.interviewer or self.author_name()

    def item_categories(self, item):
        return [item.kommune.get_state_display(), item.kommune.get_kind_display(), str(item.series.year)]

    def item_enclosures(self, item):
        """The PDF, once it has been rendered (its size is known)."""
        if not (item.pdf_file and item.pdf_size):
            return []
        return [Enclosure(settings.SITE_URL + item.get_pdf_url(), str(item.pdf_size), "application/pdf")]
