"""Plain-text rules for one-line fields (names, titles): no bidirectional control characters.

U+202A–U+202E (embeddings, overrides) and U+2066–U+2069 (isolates) can make
a name display reversed or hide text ("Trojan Source"). They are removed
whenever a row of a model named with ``strip_bidi_on_save`` is saved, whatever
wrote it (admin, import, shell).
"""

import re

from django.db import models
from django.db.models.signals import pre_save

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def strip_bidi(text):
    return BIDI_CONTROLS.sub("", text) if isinstance(text, str) else text


def _strip_char_fields(sender, instance, **kwargs):
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.CharField):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and BIDI_CONTROLS.search(value):
                setattr(instance, field.attname, strip_bidi(value))


def strip_bidi_on_save(*model_classes):
    """Remove bidi control characters from every CharField of ``model_classes`` before each save."""
    for model in model_classes:
        pre_save.connect(_strip_char_fields, sender=model, dispatch_uid=f"core.text:{model._meta.label}")


OPENING_QUOTES = '„“”"»«‚‘'
CLOSING_QUOTES = '“”"«»‘’'


def quoted(text):
    """``text`` in German quotation marks „…“, unless it already stands in quotation marks as a whole.

    A title like „Klimaschutz ist Chefsache“ is shown as it is, never as „„Klimaschutz ist Chefsache““.
    """
    text = str(text)
    if len(text) >= 2 and text[0] in OPENING_QUOTES and text[-1] in CLOSING_QUOTES:
        return text
    return f"„{text}“"
