"""Build the POST data a browser would send for an admin change form.

Tests GET an admin page, take the form data from the rendered forms (the
main form, every inline formset with its management form), change what the
editor would change, and POST it back: real admin round trips, no shortcuts.
"""

from html.parser import HTMLParser

from django.forms import CheckboxInput, ClearableFileInput, MultiWidget
from django.urls import reverse


def change_url(obj):
    """The address of ``obj``'s admin change form."""
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _add_field(data, form, name):
    bound = form[name]
    widget = bound.field.widget
    widget = getattr(widget, "widget", widget)  # unwrap the admin's RelatedFieldWidgetWrapper
    value = bound.value()
    if isinstance(widget, ClearableFileInput):
        return
    if isinstance(widget, CheckboxInput):
        if widget.check_test(value):
            data[bound.html_name] = "on"
        return
    context = widget.get_context(bound.html_name, value, {})["widget"]
    for sub in context.get("subwidgets", [context]) if isinstance(widget, MultiWidget) else [context]:
        sub_value = sub["value"]
        if isinstance(sub_value, list):
            data[sub["name"]] = [str(item) for item in sub_value if item not in (None, "")]
        else:
            data[sub["name"]] = "" if sub_value is None else str(sub_value)


def form_data(response):
    """The current values of the admin form in ``response`` (a rendered change or add page)."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        _add_field(data, form, name)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = str(management[name].value())
        for inline_form in formset.forms:
            for name in inline_form.fields:
                _add_field(data, inline_form, name)
    return data


def inline_rows(data, prefix):
    """The row indices of inline ``prefix`` present in ``data``."""
    return range(int(data[f"{prefix}-TOTAL_FORMS"]))


def messages_of(response):
    """The texts of the admin messages shown on ``response`` (follow=True responses)."""
    return [str(message) for message in response.context["messages"]] if response.context else []


class _FormParser(HTMLParser):
    """What a browser without JavaScript submits from the form whose id ends in ``_form`` (the admin's form)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pairs = []
        self.in_form = False
        self.textarea = None
        self.select = None  # [name, multiple, chosen values, first value]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("id") or "").endswith("_form"):
            self.in_form = True
        if not self.in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.pairs.append((name, attrs.get("value") or "on"))
            elif kind not in {"file", "submit", "button", "image", "reset"}:
                self.pairs.append((name, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = [name, "multiple" in attrs, [], None]
        elif tag == "option" and self.select is not None:
            value = attrs.get("value") or ""
            if self.select[3] is None:
                self.select[3] = value
            if "selected" in attrs:
                self.select[2].append(value)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self.pairs.append((name, text.removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            name, multiple, chosen, first = self.select
            values = chosen if multiple else chosen[-1:] or ([first] if first is not None else [])
            self.pairs.extend((name, value) for value in values)
            self.select = None


def browser_data(response):
    """The data a browser (without JavaScript, no file chosen) sends from the admin form rendered in ``response``.

    Read from the HTML, not from the form objects: a value the page does not
    render is a value the editor loses.
    """
    parser = _FormParser()
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.pairs:
        if name in data:
            data[name] = [*data[name], value] if isinstance(data[name], list) else [data[name], value]
        else:
            data[name] = value
    return data
