from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = _("Mal nachgefragt!")  # the publication; holds Interviews, Reihen, Themen

    def ready(self):
        from django.core import checks
        from django.db.models.signals import post_migrate, pre_save

        from core import content, renditions, text
        from interviews import fields
        from interviews.models import Figure, Interview, Question, Series, Theme
        from interviews.reader import cache, redirects, search

        checks.register(fields.check_classified, checks.Tags.models)
        content.track(Interview, Question, Figure, Series, Theme)
        text.clean_text_on_save(*self.get_models())  # every model of the app, a new one (e.g. figures) too
        renditions.register(Interview, "portrait", "portrait")
        renditions.register(Figure, "image", "figure")
        content.content_changed.connect(cache.bump_after_commit, dispatch_uid="interviews.reader.cache")
        post_migrate.connect(search.ensure_sqlite_index, sender=self, dispatch_uid="interviews.reader.search")
        pre_save.connect(redirects.remember_old_slug, sender=Interview, dispatch_uid="interviews.reader.redirects")

        # A change of a series, theme or Kommune that live PDFs show is laid out before it is saved (core.admin).
        from interviews.editorial import budget

        content.change_refusals.connect(budget.shown_change_refusal, dispatch_uid="interviews.editorial.budget")

        # Signal receivers that re-make the collected PDFs when their content changes.
        from interviews import tasks  # noqa: F401 - connects the receivers that queue PDF renders

        # The admin lives in the editorial package; Django's autodiscovery only looks for interviews.admin.
        from interviews.editorial import admin  # noqa: F401
        from interviews.pdf import collections  # noqa: F401
