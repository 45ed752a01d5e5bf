from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Kommunen und Auszeichnungen")

    def ready(self):
        from core import content, renditions, text
        from municipalities.models import Award, Kommune

        content.track(Kommune, Award)
        text.clean_text_on_save(*self.get_models())
        renditions.register(Kommune, "logo", "logo")
