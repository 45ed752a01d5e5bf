"""Old addresses of published interviews keep working after their URL name changes.

When the slug of a published (or scheduled) interview changes, whatever
wrote it, the old slug is remembered (``SlugRedirect``); the reader page and
the PDF route answer the old address with a permanent redirect to the new
one. The old slug stays reserved for that redirect: another interview that
tries to take it is refused (``models.reserved_slug_owner``; the admin form
says so next to the field, any other save raises the same German
ValidationError here). The interview itself may take its old slug back.
"""

from django.core.exceptions import ValidationError

from interviews.models import Interview, SlugRedirect, Status, reserved_slug_message, reserved_slug_owner


def remember_old_slug(sender, instance, raw=False, **kwargs):
    """``pre_save`` receiver of Interview. Touches: SlugRedirect rows (one query when the slug is unchanged).

    Raises ValidationError (German) when the slug is another interview's old
    address, changing nothing. Fixtures (``raw``) are loaded as they are.
    """
    if raw:
        return
    old = Interview.objects.filter(pk=instance.pk).values_list("slug", "status").first() if instance.pk else None
    if old is not None and old[0] == instance.slug:
        return
    owner = reserved_slug_owner(instance.slug, instance.pk)
    if owner is not None:
        raise ValidationError({"slug": reserved_slug_message(instance.slug, owner)})
    if old is None:
        return
    SlugRedirect.objects.filter(old_slug=instance.slug).delete()  # its own old address, taken back
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
