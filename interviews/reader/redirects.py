"""Old addresses of published interviews keep working after their URL name changes.

When the slug of a published (or scheduled) interview changes, whatever
wrote it, the old slug is remembered (``SlugRedirect``); the reader page and
the PDF route answer the old address with a permanent redirect to the new
one. A new interview that takes an old slug gets it back: the redirect goes.
"""

from interviews.models import Interview, SlugRedirect, Status


def remember_old_slug(sender, instance, raw=False, **kwargs):
    """``pre_save`` receiver of Interview. Touches: SlugRedirect rows (one query when the slug is unchanged)."""
    if raw:
        return
    if instance.pk is None:
        SlugRedirect.objects.filter(old_slug=instance.slug).delete()
        return
    old = Interview.objects.filter(pk=instance.pk).values_list("slug", "status").first()
    if old is None or old[0] == instance.slug:
        return
    SlugRedirect.objects.filter(old_slug=instance.slug).delete()
    if old[1] == Status.PUBLISHED:
        SlugRedirect.objects.update_or_create(old_slug=old[0], defaults={"interview_id": instance.pk})


def public_target(slug):
    """The published interview that was reachable as ``slug`` before, or None (one query)."""
    redirect = (
        SlugRedirect.objects.filter(old_slug=slug, interview__in=Interview.objects.published())
        .select_related("interview")
        .first()
    )
    return redirect.interview if redirect is not None else None
