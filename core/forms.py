"""Form fields for German input in the admin.

Numbers are typed the German way: „38.400“ (thousands separated by dots),
„1.234,5“ (decimal comma). Django's own number fields accept thousands
separators only with ``USE_THOUSAND_SEPARATOR``, which would also print
years as „2.026“; these fields accept German input without that setting and
show large numbers grouped („106.000“), years and small numbers plain.

Every model admin an editor uses applies them with
``formfield_overrides = EDITOR_FORMFIELDS`` (``EditorFormAdminMixin`` does it for model admins).
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import number_format

from core import text
from core.kept_uploads import KEPT_IMAGE_FIELDS, discard_used, keep_chosen
from core.slugs import german_slugify

INTEGER = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$|^[+-]?\d+$")
GROUP_FROM = 10_000  # "2026" stays a year, "38400" is shown as "38.400"


def parse_german_number(text):
    """„38.400“ → Decimal("38400"), „1.234,5“ → Decimal("1234.5"), „50,68“ → Decimal("50.68").

    Dots are thousands separators when a comma is present or when every
    group after a dot has three digits; otherwise a single dot is read as
    a decimal point („50.68“). Spaces (also narrow ones) are ignored.
    Raises ValueError for anything else.
    """
    value = re.sub(r"[\s\u202f\u00a0']", "", str(text))
    if not value:
        raise ValueError("empty")
    if "," in value:
        whole, _sep, fraction = value.partition(",")
        if "," in fraction or "." in fraction or not INTEGER.match(whole) or not fraction.isdigit():
            raise ValueError(text)
        value = whole.replace(".", "") + "." + fraction
    elif INTEGER.match(value):
        value = value.replace(".", "")
    elif not re.fullmatch(r"[+-]?\d+\.\d+", value):
        raise ValueError(text)
    try:
        return Decimal(value)
    except InvalidOperation:
        raise ValueError(text) from None


class GermanNumberInput(forms.TextInput):
    """A text input (``type=number`` refuses „38.400“) with a numeric keyboard on phones."""

    def __init__(self, attrs=None, decimal=False):
        defaults = {"inputmode": "decimal" if decimal else "numeric", "class": "vIntegerField", "autocomplete": "off"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if value in (None, ""):
            return ""
        if isinstance(value, str):
            return value  # what the editor typed, shown again after an error
        grouping = abs(value) >= GROUP_FROM
        return number_format(value, force_grouping=grouping)


class GermanIntegerField(forms.IntegerField):
    widget = GermanNumberInput
    default_error_messages = {
        "invalid": "Bitte eine ganze Zahl eingeben, z. B. 38.400 oder 38400.",
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = parse_german_number(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if number != number.to_integral_value():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)


class GermanDecimalField(forms.DecimalField):
    default_error_messages = {
        "invalid": "Bitte eine Zahl eingeben, z. B. 1.234,5 oder 50,68.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", GermanNumberInput(decimal=True))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_german_number(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)  # no number spinner semantics on a text input
        return attrs


GERMAN_NUMBER_FIELDS = {
    models.IntegerField: {"form_class": GermanIntegerField, "widget": GermanNumberInput},
    models.DecimalField: {"form_class": GermanDecimalField},
    models.FloatField: {"form_class": GermanDecimalField},
}


class GermanSlugField(forms.CharField):
    """„Kurzname (URL)“ as typed: converted to a URL name by the German rule, never refused for umlauts.

    „Wärme Wald“ becomes "waerme-wald" (ä→ae, spaces→hyphens, lower case, cut
    at the maximum length). Only text without any letter or digit is refused,
    with a German message.
    """

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        slug = german_slugify(value, self.max_length)
        if not slug:
            raise ValidationError(
                "„%(value)s“ enthält keine Buchstaben oder Ziffern. Der Kurzname (URL) besteht aus Buchstaben "
                "a–z, Ziffern und Bindestrichen; lassen Sie das Feld leer, wird er aus dem Namen gebildet.",
                code="invalid",
                params={"value": value},
            )
        return slug


class GermanSlugFormMixin:
    """A model form whose ``slug`` may be left empty: the server makes it from ``slug_sources``.

    The browser fills it as the editor types (prepopulated fields with
    ``german-slug.js``); without JavaScript, or when the editor empties it,
    the server uses the same rule (:func:`core.slugs.german_slugify`). What
    the editor types is converted by the same rule (:class:`GermanSlugField`).
    A URL name another row already has is refused with a German message that
    offers a free one; one the server made itself gets the free one at once.
    """

    slug_sources = ("title",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            field = self.fields["slug"]
            sources = " und ".join(
                f"„{self._meta.model._meta.get_field(name).verbose_name}“" for name in self.slug_sources
            )
            self.fields["slug"] = GermanSlugField(
                label=field.label,
                max_length=field.max_length,
                required=False,
                widget=field.widget,
                help_text=(
                    f"Teil der Internetadresse. Wird aus {sources} gebildet, wenn Sie das Feld leer lassen "
                    "(ä → ae, ö → oe, ü → ue, ß → ss)."
                ),
            )

    def clean(self):
        cleaned = super().clean()
        if "slug" not in self.fields or "slug" in self.errors:
            return cleaned
        typed = bool(cleaned.get("slug"))
        if not typed:
            parts = [str(cleaned.get(name) or "") for name in self.slug_sources]
            max_length = self._meta.model._meta.get_field("slug").max_length
            slug = german_slugify(" ".join(part for part in parts if part), max_length)
            if not slug:
                return cleaned
            cleaned["slug"] = self._free_slug(slug)
        if self._slug_taken(cleaned["slug"]):
            self.add_error(
                "slug",
                ValidationError(
                    "Den Kurznamen (URL) „%(slug)s“ hat schon ein anderer Eintrag (%(other)s). Bitte wählen Sie "
                    "einen anderen, z. B. „%(free)s“.",
                    code="unique",
                    params={
                        "slug": cleaned["slug"],
                        "other": self._slug_owner(cleaned["slug"]),
                        "free": self._free_slug(cleaned["slug"]),
                    },
                ),
            )
        return cleaned

    def _others(self):
        return (
            self._meta.model._default_manager.exclude(pk=self.instance.pk)
            if self.instance.pk
            else (self._meta.model._default_manager.all())
        )

    def _slug_taken(self, slug):
        return self._others().filter(slug=slug).exists()

    def _slug_owner(self, slug):
        return str(self._others().filter(slug=slug).first())

    def _free_slug(self, slug):
        """``slug``, or with "-2", "-3" … appended, whichever no other row has."""
        max_length = self._meta.model._meta.get_field("slug").max_length
        candidate, number = slug, 1
        while self._slug_taken(candidate):
            number += 1
            suffix = f"-{number}"
            candidate = slug[: max_length - len(suffix)].rstrip("-") + suffix
        return candidate


class OneLineFieldsMixin:
    """An admin (or inline) whose one-line fields refuse line breaks and control characters in German (core.text)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and text.one_line_field(db_field):
            formfield.validators.append(text.validate_one_line)
        return formfield


# Every model admin and inline an editor uses: German numbers, chosen images kept through errors (core.kept_uploads).
EDITOR_FORMFIELDS = {**GERMAN_NUMBER_FIELDS, **KEPT_IMAGE_FIELDS}


def _all_forms(context):
    inline_forms = [form for inline in context.get("inline_admin_formsets", []) for form in inline.formset.forms]
    return [context["adminform"].form, *inline_forms]


class EditorFormAdminMixin(OneLineFieldsMixin):
    """What every admin form an editor uses gets: German number fields, German URL names, leave-page warning,
    a history comparison without timestamps, one-line fields without line breaks, chosen images kept when the
    form comes back with an error."""

    formfield_overrides = EDITOR_FORMFIELDS
    # The history comparison (django-reversion-compare) shows content, not bookkeeping timestamps.
    compare_exclude = ["created_at", "updated_at", "version"]

    @property
    def media(self):
        return super().media + forms.Media(
            css={"all": ["admin-extra/admin.css"]},
            js=["admin/js/urlify.js", "admin-extra/german-slug.js", "admin-extra/unsaved-changes.js"],
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if request.method == "POST":  # the form came back with an error: nothing chosen is lost
            keep_chosen(_all_forms(context))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        discard_used([form, *(inline_form for formset in formsets for inline_form in formset.forms)])
