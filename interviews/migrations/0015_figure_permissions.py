"""Both editorial groups edit figures (inline on the interview form), like questions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FIGURE_PERMISSIONS = ["add_figure", "change_figure", "delete_figure", "view_figure"]


def create_and_add(apps, schema_editor):
    interviews = apps.get_app_config("interviews")
    interviews.models_module = True
    create_permissions(interviews, verbosity=0)
    interviews.models_module = None
    add_figure_permissions(apps)


def add_figure_permissions(apps):
    """Give "Redaktion" and "Freigabe" the figure permissions (which must exist)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="interviews", codename__in=FIGURE_PERMISSIONS)
    for group in Group.objects.filter(name__in=["Redaktion", "Freigabe"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("interviews", "0014_figures")]

    operations = [migrations.RunPython(create_and_add, migrations.RunPython.noop)]
