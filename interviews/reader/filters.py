"""The filters of the public interview list (django-filter), all via GET."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from interviews.models import Question, Series, Theme
from interviews.reader import search
from municipalities.models import KommuneKind, State


class InterviewFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Suchbegriff"),
        method="filter_text",
        max_length=search.MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )
    bundesland = django_filters.ChoiceFilter(
        label=_("Bundesland"), field_name="kommune__state", choices=State.choices, empty_label=_("alle Bundesländer")
    )
    typ = django_filters.ChoiceFilter(
        label=_("Kommunentyp"), field_name="kommune__kind", choices=KommuneKind.choices, empty_label=_("alle Typen")
    )
    thema = django_filters.ModelChoiceFilter(
        label=_("Thema"),
        queryset=Theme.objects.order_by("position", "title"),
        to_field_name="slug",
        method="filter_theme",
        empty_label=_("alle Themen"),
    )
    reihe = django_filters.ModelChoiceFilter(
        label=_("Reihe/Jahr"),
        field_name="series",
        queryset=Series.objects.order_by("-year", "title"),
        to_field_name="slug",
        empty_label=_("alle Reihen"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["reihe"].field.label_from_instance = lambda series: f"{series.year} – {series.title}"
        for name, field in self.form.fields.items():
            field.widget.attrs.setdefault("id", f"filter-{name}")

    def filter_text(self, queryset, name, value):
        return search.search(queryset, value) if value.strip() else queryset

    def filter_theme(self, queryset, name, value):
        return queryset.filter(pk__in=Question.objects.filter(theme=value).values("interview_id"))


class ComparisonForm(forms.Form):
    """The choices of the theme comparison: which series (default: the newest) and which Kommunentyp."""

    reihe = forms.ChoiceField(label=_("Reihe"), required=False)
    typ = forms.ChoiceField(
        label=_("Kommunentyp"), required=False, choices=[("", _("alle Typen")), *KommuneKind.choices]
    )

    def __init__(self, *args, series_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.series_by_slug = {series.slug: series for series in series_choices}
        self.fields["reihe"].choices = [(s.slug, f"{s.year} – {s.title}") for s in series_choices]
        self.default_series = series_choices[0] if series_choices else None
        if self.default_series is not None:
            self.fields["reihe"].initial = self.default_series.slug
        for name, field in self.fields.items():
            field.widget.attrs["id"] = f"vergleich-{name}"

    def selected_series(self):
        if self.is_bound and self.is_valid() and self.cleaned_data["reihe"]:
            return self.series_by_slug[self.cleaned_data["reihe"]]
        return self.default_series

    def kommune_filter(self):
        if self.is_bound and self.is_valid() and self.cleaned_data["typ"]:
            return {"kommune__kind": self.cleaned_data["typ"]}
        return {}
