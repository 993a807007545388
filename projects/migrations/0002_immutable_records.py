"""Published highlight and exception reports are refused in the database too, on PostgreSQL: the triggers are
generated from the rules projects registers in governance/integrity.py. Elsewhere this migration does nothing."""

from django.db import migrations

from governance import integrity


def install(apps, schema_editor):
    integrity.install_triggers(apps, schema_editor, "projects")


def uninstall(apps, schema_editor):
    integrity.uninstall_triggers(apps, schema_editor, "projects")


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial"), ("governance", "0006_immutable_records")]

    operations = [migrations.RunPython(install, uninstall)]
