"""Plain-text rules: one-line fields stay one line, no invisible or control characters are stored.

One-line fields (every ``CharField`` without choices: titles, names, roles,
captions, alternative texts, slugs, Kommune names …) lose line breaks (CR, LF,
vertical tab — what Word's manual line break pastes as —, form feed, tab,
U+2028/2029) and control characters (ESC, NUL, C1 …); multi-line fields
(every ``TextField``: questions, rich text, comments, descriptions) keep their
line breaks but lose the rest. Both lose bidirectional controls (U+202A–U+202E,
U+2066–U+2069: they can make a name display reversed, "Trojan Source") and
zero-width characters (U+200B–U+200F, U+2060–U+2064, U+FEFF, U+061C).

Where it is applied:
- ``clean_text_on_save(Model, …)``: a ``pre_save`` normaliser for every row of
  those models, whatever wrote it (admin, Word import, approval form, shell,
  ``loaddata``). Registered in each app's ``ready()`` — a new model with text
  (e.g. a figure's caption) registers there too.
- ``validate_one_line``: the admin's one-line form fields refuse line breaks
  and control characters with a German message (``core.forms``); invisible
  bidi/zero-width characters are removed silently, as the editor cannot see them.
- ``xml_safe``: at output, for text that may have been stored before (or past)
  these rules — the feed never fails on a character XML 1.0 forbids.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_save
from django.utils.translation import gettext as _

from core.slugs import german_slugify

# Bidi controls, bidi marks and zero-width characters: invisible, never wanted in German text.
INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Line breaks of every kind (and the tab): one space in a one-line field.
LINE_BREAKS = re.compile("[ ]*[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]+[ ]*")
# What remains of C0/C1 controls (NUL, ESC, DEL …), lone surrogates and the non-characters XML forbids.
CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# XML 1.0 allows TAB, LF, CR and everything from U+0020 but surrogates and U+FFFE/FFFF.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
SLUG = re.compile(r"[-\w]+")
# In a multi-line field every kind of line break becomes LF (a CRLF one LF). A regular expression, not
# str.translate: translate with a table looks up every character (5 ms for an answer of 3,000 words with
# umlauts, the regular expression 0.3 ms), and every save, word count and PDF sanitises the answers.
MULTI_LINE_BREAKS = re.compile("\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def one_line(text):
    """``text`` as one line: line breaks become one space; control, bidi and zero-width characters go."""
    if not isinstance(text, str):
        return text
    text = LINE_BREAKS.sub(" ", text)
    return CONTROLS.sub("", INVISIBLE.sub("", text)).strip()


def multi_line(text):
    """``text`` with its line breaks (as LF) and tabs; control, bidi and zero-width characters go."""
    if not isinstance(text, str):
        return text
    text = MULTI_LINE_BREAKS.sub("\n", text)
    return CONTROLS.sub("", INVISIBLE.sub("", text))


def xml_safe(text):
    """``text`` without the characters XML 1.0 forbids (for output of stored text)."""
    return XML_ILLEGAL.sub("", text) if isinstance(text, str) else text


def validate_one_line(value):
    """Refuse (German) a line break or control character in a one-line form field."""
    if not isinstance(value, str):
        return
    if LINE_BREAKS.search(value):
        raise ValidationError(
            _("Dieses Feld ist einzeilig: bitte ohne Zeilenumbruch und ohne Tabulator."), code="line_break"
        )
    found = CONTROLS.search(value)
    if found:
        raise ValidationError(
            _("Das Feld enthält ein unsichtbares Steuerzeichen (U+%(code)04X). Bitte entfernen Sie es.")
            % {"code": ord(found.group())},
            code="control_character",
        )


def one_line_field(field):
    """Whether ``field`` (a model field) holds one line of free text."""
    return isinstance(field, models.CharField) and not field.choices


def clean_value(field, value):
    """The stored form of ``value`` for the model field ``field`` (see the module docstring)."""
    if not isinstance(value, str):
        return value
    if isinstance(field, models.SlugField):
        value = one_line(value)
        return value if not value or SLUG.fullmatch(value) else german_slugify(value, field.max_length)
    if one_line_field(field):
        return one_line(value)
    if isinstance(field, models.TextField):
        return multi_line(value)
    return value


def _clean_text_fields(sender, instance, **kwargs):
    for field in sender._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            cleaned = clean_value(field, value)
            if cleaned != value:
                setattr(instance, field.attname, cleaned)


def clean_text_on_save(*model_classes):
    """Normalise every CharField and TextField of ``model_classes`` before each save (see the module docstring)."""
    for model in model_classes:
        pre_save.connect(_clean_text_fields, sender=model, dispatch_uid=f"core.text:{model._meta.label}")


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
