"""URL names ("Kurzname (URL)") from German text: one rule for the server and the admin form.

German umlauts are transliterated as Germans write them without umlauts
(ä→ae, ö→oe, ü→ue, ß→ss), not stripped (Django's ``slugify`` turns
„Wärmewende“ into "warmewende"). The admin's prepopulated slug fields use
the same mapping in the browser (``static/admin-extra/german-slug.js``).
"""

from django.utils.text import slugify

GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"})


def german_slugify(text, max_length=None):
    """„Wärme aus dem Wald“ → "waerme-aus-dem-wald" (cut at ``max_length`` without a trailing hyphen)."""
    slug = slugify(str(text).translate(GERMAN))
    if max_length:
        slug = slug[:max_length].rstrip("-")
    return slug
