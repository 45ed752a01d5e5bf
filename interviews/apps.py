from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = _("Interviews")

    def ready(self):
        from core import content
        from interviews import cache
        from interviews.models import Interview, Question, Series, Theme

        content.track(Interview, Question, Series, Theme)
        content.content_changed.connect(cache.bump_after_commit, dispatch_uid="interviews.cache")
