"""Create the editorial groups "Redaktion" and "Freigabe" with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REDAKTION = {
    "interviews": {"interview": ["add", "change", "view"], "question": ["add", "change", "delete", "view"],
                   "series": ["view"], "theme": ["view"]},
    "municipalities": {"kommune": ["add", "change", "view"], "award": ["add", "change", "delete", "view"]},
}
FREIGABE_EXTRA = {
    "interviews": {"interview": ["delete", "publish"], "series": ["add", "change"], "theme": ["add", "change"]},
    "municipalities": {"kommune": ["delete"]},
}


def codenames(spec):
    for app_label, models in spec.items():
        for model, actions in models.items():
            for action in actions:
                codename = "publish_interview" if action == "publish" else f"{action}_{model}"
                yield app_label, codename


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    define_groups(apps)


def define_groups(apps):
    """Create or update both groups; the permissions must exist."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(spec):
        return [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in codenames(spec)
        ]

    redaktion, _ = Group.objects.get_or_create(name="Redaktion")
    redaktion.permissions.set(perms(REDAKTION))
    freigabe, _ = Group.objects.get_or_create(name="Freigabe")
    freigabe.permissions.set(perms(REDAKTION) + perms(FREIGABE_EXTRA))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Redaktion", "Freigabe"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0001_initial"),
        ("municipalities", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
