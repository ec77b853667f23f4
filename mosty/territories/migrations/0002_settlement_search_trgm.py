"""A trigram index for the settlement search, on PostgreSQL only.

The search (territories.selectors.settlement_search, the settlements page and /api/v1/settlements?q=)
runs `WHERE search_key LIKE '%<normalised query>%'`. A B-tree cannot serve a LIKE with a leading
wildcard; a GIN index with pg_trgm's gin_trgm_ops can. SQLite has neither and scans the table,
which at ~6,000 settlements takes milliseconds.
"""

from django.db import migrations

INDEX = "settlement_search_trgm_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON territories_settlement USING gin (search_key gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("territories", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
