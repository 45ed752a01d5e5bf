from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = _("Interviews")

    def ready(self):
        # Signal receivers that re-make the collected PDFs when their content changes.
        from interviews.pdf import collections  # noqa: F401
