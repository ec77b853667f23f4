"""One collection rule per category: 30 supporters within 90 days.

The same rule for every category, youth included: Mosty's initiatives are regional and municipal,
so a few dozen supporters show an interest shared beyond the authors; a lower bar for youth would
make young people's proposals look weaker, not stronger. The commission changes a rule in the admin.
"""

from django.db import migrations

CATEGORIES = (
    "economy_trade", "industry", "agriculture", "science_technology", "it", "education", "culture",
    "youth", "sport", "tourism", "health", "ecology", "media", "local_government", "legal_framework",
)  # fmt: skip
THRESHOLD = 30
COLLECTION_DAYS = 90


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    CategoryRule = apps.get_model("initiatives", "CategoryRule")
    for category in CATEGORIES:
        CategoryRule.objects.get_or_create(
            category=category, defaults={"threshold": THRESHOLD, "collection_days": COLLECTION_DAYS}
        )


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initiatives_support_answers")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
