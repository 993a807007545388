"""Published and approved governance records are refused in the database too, on PostgreSQL: the triggers are
generated from the rules in governance/integrity.py. Elsewhere this migration does nothing."""

from django.db import migrations

from governance import integrity


def install(apps, schema_editor):
    integrity.install_triggers(apps, schema_editor, "governance")


def uninstall(apps, schema_editor):
    integrity.uninstall_triggers(apps, schema_editor, "governance")


class Migration(migrations.Migration):
    dependencies = [("governance", "0005_approval_packs")]

    operations = [migrations.RunPython(install, uninstall)]
