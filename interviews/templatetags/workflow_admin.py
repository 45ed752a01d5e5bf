from django import template

from interviews.editorial import admin_workflow

register = template.Library()


@register.simple_tag
def workflow_overview():
    """The admin index's „what waits“ overview: label, count and list link per state (four queries)."""
    return admin_workflow.overview()
