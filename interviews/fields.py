"""What every field of an interview is, declared once.

Every field of ``Interview``, of ``Question`` and of any other child model
(a model whose rows belong to one interview and are part of what readers
see, e.g. figures) is put in one of five kinds:

- ``CONTENT``: what a reader sees (web page, PDF, feed) and an editor writes.
  A change to a live interview by Redaktion waits for „Freigabe“ (a pending
  version holds exactly these fields), the comparisons show them, the
  interviewee authorises them, the PDF fingerprint covers them.
- ``EDITORIAL``: for the editors only (assignment, rights noted); saved at
  once, also on live interviews; never part of a pending version.
- ``WORKFLOW``: decided by workflow steps only (status, publication,
  authorisation link and decision). A restore from history keeps them.
- ``PDF``: the state of the stored PDF (interviews.pdf.storage).
- ``TECHNICAL``: keys, versions, time stamps, the link of a child row to its
  interview.

Labels are the fields' ``verbose_name`` (:func:`label`), never copied.
Everything that needs "the content of an interview" derives it from here:
pending versions (``editorial.pending``), the comparisons (``editorial.compare``),
the stale-save comparison (``editorial.admin``), history restore (``editorial.admin``),
the PDF fingerprint (``pdf.source``) and state (``pdf.storage``), authorisation
and publishing.

The system check :func:`check_classified` (registered by
``InterviewsConfig.ready``; ``manage.py check`` and ``make lint`` run it) fails when one of these models has
a field that is not classified here, or when a model points at ``Interview``
without being declared a child (content) or a record (not content): add the
new field to the dictionary of its model below.
"""

from django.apps import apps
from django.core import checks
from django.utils.text import capfirst

CONTENT = "content"
EDITORIAL = "editorial"
WORKFLOW = "workflow"
PDF = "pdf"
TECHNICAL = "technical"
KINDS = (CONTENT, EDITORIAL, WORKFLOW, PDF, TECHNICAL)

INTERVIEW = "interviews.Interview"

# Model label -> {field name: kind}. Every concrete and many-to-many field, by name.
DECLARED = {
    INTERVIEW: {
        "id": TECHNICAL,
        "series": CONTENT,
        "part": CONTENT,
        "kommune": CONTENT,
        "slug": CONTENT,
        "title": CONTENT,
        "lead": CONTENT,
        "interviewee_title": CONTENT,
        "interviewee_name": CONTENT,
        "interviewee_wording": CONTENT,
        "interviewee_role": CONTENT,
        "interviewer": CONTENT,
        "portrait": CONTENT,
        "portrait_alt": CONTENT,
        "photo_credit": CONTENT,
        "is_sample": CONTENT,
        "status": WORKFLOW,
        "published_at": WORKFLOW,
        "published_by": WORKFLOW,
        "planned_date": CONTENT,
        "page_count": CONTENT,
        "version": TECHNICAL,
        "created_at": TECHNICAL,
        "updated_at": TECHNICAL,
        "assigned_to": EDITORIAL,
        "portrait_rights": EDITORIAL,
        "approval_status": WORKFLOW,
        "approval_key": WORKFLOW,
        "approval_link_created_at": WORKFLOW,
        "pdf_file": PDF,
        "pdf_fingerprint": PDF,
        "pdf_state": PDF,
        "pdf_error": PDF,
        "pdf_pages": PDF,
        "pdf_font_size": PDF,
        "pdf_quotes_dropped": PDF,
        "pdf_size": PDF,
        "pdf_rendered_at": PDF,
        "pdf_attempt_fingerprint": PDF,
        "pdf_attempt_started_at": PDF,
        "pdf_layout_fingerprint": PDF,
        "pdf_layout_error": PDF,
    },
    "interviews.Question": {
        "id": TECHNICAL,
        "interview": TECHNICAL,
        "theme": CONTENT,
        "position": CONTENT,
        "question": CONTENT,
        "answer": CONTENT,
        "pull_quote": CONTENT,
    },
    "interviews.Figure": {
        "id": TECHNICAL,
        "interview": TECHNICAL,
        "image": CONTENT,
        # Read from the image file by the ImageField whenever the image is set.
        "image_width": TECHNICAL,
        "image_height": TECHNICAL,
        "caption": CONTENT,
        "credit": CONTENT,
        "alt_text": CONTENT,
        "position": CONTENT,
        # Unlike the portrait's flag (EDITORIAL, saved at once) this travels with its figure: a new
        # figure may exist only in a pending version, and its rights are part of what Freigabe approves.
        "rights_cleared": CONTENT,
    },
}

# Child models: their rows are part of one interview's content (model label -> the foreign key to the interview).
# A pending version, a comparison, a restore and the authorisation cover their CONTENT fields.
CHILDREN = {
    "interviews.Question": "interview",
    "interviews.Figure": "interview",
}

# Models that point at an interview but are not its content: records about it, kept outside every version.
RECORDS = {
    "interviews.SlugRedirect",
    "interviews.PendingChange",
    "interviews.WorkflowEvent",
}

# WORKFLOW fields that readers see on the page and in the PDF (the publication line); not content,
# because only a workflow step sets them.
SHOWN_WORKFLOW = ("status", "published_at", "published_by")


def model_of(model):
    """The model class for a model class or a label such as ``"interviews.Question"``."""
    return apps.get_model(model) if isinstance(model, str) else model


def label_of(model):
    return model_of(model)._meta.label


def _all_fields(model):
    opts = model_of(model)._meta
    return [*opts.concrete_fields, *opts.many_to_many]


def kind(model, name):
    """The kind of field ``name`` of ``model`` (KeyError for a field nobody classified)."""
    return DECLARED[label_of(model)][name]


def fields(model, *kinds):
    """The fields of ``model`` of the given kinds, in the model's order (Field objects)."""
    declared = DECLARED[label_of(model)]
    return [field for field in _all_fields(model) if declared.get(field.name) in kinds]


def names(model, *kinds):
    """The names of the fields of ``model`` of the given kinds, in the model's order."""
    return [field.name for field in fields(model, *kinds)]


def attnames(model, *kinds):
    """The attribute names (``series_id`` for a foreign key) of the fields of ``model`` of the given kinds."""
    return [field.attname for field in fields(model, *kinds)]


def not_content(model):
    """The attribute names of every concrete field of ``model`` that is not content (kept by a restore)."""
    return attnames(model, EDITORIAL, WORKFLOW, PDF, TECHNICAL)


def label(model, name):
    """The German label of field ``name``: its ``verbose_name``, first letter capitalised."""
    return capfirst(str(model_of(model)._meta.get_field(name).verbose_name))


def children():
    """The child models (content rows of an interview) as (model, name of the foreign key, related name)."""
    result = []
    for child_label, link in CHILDREN.items():
        model = apps.get_model(child_label)
        result.append((model, link, model._meta.get_field(link).remote_field.related_name))
    return result


def reader_values(instance, *, shown_workflow=True):
    """The values of what readers see of ``instance`` (its CONTENT fields, with the shown WORKFLOW ones
    for an interview unless ``shown_workflow`` is false), JSON-ready, for fingerprints."""
    wanted = [field for field in fields(type(instance), CONTENT) if not field.many_to_many]
    if shown_workflow and label_of(type(instance)) == INTERVIEW:
        wanted += [instance._meta.get_field(name) for name in SHOWN_WORKFLOW]
    return [[field.attname, _plain(field.value_from_object(instance))] for field in wanted]


def _plain(value):
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    if value is None or isinstance(value, (str, int, bool, float)):
        return value
    return str(value)


def check_classified(app_configs=None, **kwargs):
    """Every field of Interview and its child models is classified; every model pointing at Interview is known."""
    errors = []
    interview = apps.get_model(INTERVIEW)
    for model_label, declared in DECLARED.items():
        model = apps.get_model(model_label)
        present = {field.name for field in _all_fields(model)}
        for name in sorted(present - declared.keys()):
            errors.append(
                checks.Error(
                    f"{model_label}.{name} is not classified as content, editorial, workflow, PDF state or technical.",
                    hint="Add it to interviews/fields.py (DECLARED): pending versions, comparisons, restore, "
                    "authorisation and the PDF fingerprint follow that classification.",
                    obj=model,
                    id="interviews.E001",
                )
            )
        for name in sorted(declared.keys() - present):
            errors.append(
                checks.Error(
                    f"interviews/fields.py classifies {model_label}.{name}, which is not a field.",
                    hint="Remove it from DECLARED.",
                    obj=model,
                    id="interviews.E002",
                )
            )
        for name, value in declared.items():
            if value not in KINDS:
                errors.append(
                    checks.Error(f"{model_label}.{name}: unknown kind {value!r}.", obj=model, id="interviews.E003")
                )
    for model in apps.get_models():
        model_label = model._meta.label
        points_at_interview = any(
            field.is_relation and field.related_model is interview for field in model._meta.concrete_fields
        )
        if model is interview or not points_at_interview:
            continue
        if model_label in CHILDREN and model_label not in DECLARED:
            errors.append(
                checks.Error(
                    f"{model_label} is a child of Interview but its fields are not classified.",
                    hint="Add its fields to DECLARED in interviews/fields.py.",
                    obj=model,
                    id="interviews.E004",
                )
            )
        elif model_label not in CHILDREN and model_label not in RECORDS:
            errors.append(
                checks.Error(
                    f"{model_label} points at Interview but is neither a child (its rows are content) "
                    "nor a record (not content).",
                    hint="Add it to CHILDREN (and its fields to DECLARED) or to RECORDS in interviews/fields.py.",
                    obj=model,
                    id="interviews.E004",
                )
            )
    return errors
