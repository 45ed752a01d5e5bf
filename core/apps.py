from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Gemeinsame Bausteine")

    def ready(self):
        from core import checks  # noqa: F401 - registers the deploy check of SITE_URL

        # Data migrations write through historical models, which send no tracked signals.
        post_migrate.connect(migrated, sender=self, dispatch_uid="core.content.migrated")


def migrated(**kwargs):
    from core import content

    content.changed()
