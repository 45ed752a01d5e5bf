"""Build the POST data a browser would send for an admin change form.

Tests GET an admin page, take the form data from the rendered forms (the
main form, every inline formset with its management form), change what the
editor would change, and POST it back: real admin round trips, no shortcuts.
"""

from django.forms import CheckboxInput, ClearableFileInput, MultiWidget


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
