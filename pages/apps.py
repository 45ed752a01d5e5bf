from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Website")

    def ready(self):
        from core import content, text
        from pages.models import Page

        content.track(Page)
        text.clean_text_on_save(*self.get_models())
