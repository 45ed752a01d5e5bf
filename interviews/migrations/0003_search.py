"""Full-text search indexes (see interviews.reader.search).

SQLite: FTS5 tables with triggers; PostgreSQL: GIN expression indexes with the
"german" configuration. Nothing on other databases. The model state is not
changed, so ``makemigrations`` does not see these.
"""

from django.db import migrations

from interviews.reader import search


def create_indexes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = search.sqlite_index_sql()
    elif vendor == "postgresql":
        statements = search.postgresql_index_sql()
    else:
        return
    for statement in statements:
        schema_editor.execute(statement, params=None)


def drop_indexes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = search.sqlite_drop_sql()
    elif vendor == "postgresql":
        statements = search.postgresql_drop_sql()
    else:
        return
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0002_editorial_groups"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
