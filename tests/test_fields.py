"""One classification of an interview's fields (interviews.fields) and the system check that guards it."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from interviews import fields
from interviews.models import Interview, Question

ROOT = Path(__file__).resolve().parent.parent


def run_check(*setup):
    """Run ``manage.py check`` in a fresh process after ``setup`` (code snippets) changed the models."""
    head = textwrap.dedent(
        """
        import os
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akk_cms.settings")
        import django
        from django.db import models
        django.setup()
        from interviews import fields
        from interviews.models import Interview
        """
    )
    tail = "from django.core.management import call_command\ncall_command('check')\n"
    script = head + "\n".join(textwrap.dedent(part) for part in setup) + "\n" + tail
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return result.returncode, result.stdout + result.stderr


def test_every_field_of_interview_and_question_is_classified_and_the_check_passes():
    for model in (Interview, Question):
        declared = fields.DECLARED[model._meta.label]
        assert {field.name for field in model._meta.concrete_fields} == set(declared)
    assert fields.check_classified() == []


def test_a_new_interview_field_nobody_classified_fails_manage_py_check():
    code, output = run_check(
        'models.CharField("Untertitel", max_length=200, blank=True).contribute_to_class(Interview, "subtitle")'
    )
    assert code != 0
    assert "interviews.E001" in output
    assert "interviews.Interview.subtitle is not classified" in output


def test_a_new_model_pointing_at_interview_fails_until_declared_child_or_record():
    new_model = """
        class Attachment(models.Model):
            interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="attachments")
            caption = models.CharField("Bildunterschrift", max_length=200)

            class Meta:
                app_label = "interviews"
        """
    code, output = run_check(new_model)
    assert code != 0 and "interviews.E004" in output and "interviews.Attachment points at Interview" in output

    declare = """
        fields.CHILDREN["interviews.Attachment"] = "interview"
        fields.DECLARED["interviews.Attachment"] = {"id": "technical", "interview": "technical", "caption": "content"}
        """
    code, output = run_check(new_model, declare)
    assert code == 0, output


@pytest.mark.parametrize(
    ("name", "expected"),
    [("page_count", "Seiten im PDF"), ("planned_date", "Geplantes Erscheinen"), ("title", "Überschrift")],
)
def test_labels_come_from_verbose_name(name, expected):
    assert fields.label(Interview, name) == expected


def test_content_is_what_readers_see_and_nothing_of_the_workflow():
    content = fields.names(Interview, fields.CONTENT)
    assert {"title", "lead", "page_count", "planned_date", "portrait", "slug"} <= set(content)
    assert not {"status", "published_at", "approval_key", "pdf_state", "version", "assigned_to"} & set(content)
    assert set(fields.not_content(Interview)) >= {"approval_key", "approval_status", "status", "pdf_file", "version"}
