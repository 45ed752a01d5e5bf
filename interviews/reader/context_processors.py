"""Template context of the reader site that depends on the interviews."""

from django.utils.functional import SimpleLazyObject

from interviews.models import Interview


def demo_content(request):
    """``has_demo_content``: whether any public interview is sample text (one query, only if a template asks)."""
    return {"has_demo_content": SimpleLazyObject(lambda: Interview.objects.published().filter(is_sample=True).exists())}
