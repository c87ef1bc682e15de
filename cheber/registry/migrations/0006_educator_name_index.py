"""The index of educators' names for the registry's search (see `cheber.registry.names`): FTS5
on SQLite, trigram GIN indexes on PostgreSQL."""

from django.db import migrations

from cheber.registry import names


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_trainingrecord_title_ru")]

    operations = [migrations.RunPython(names.install, names.uninstall, elidable=False)]
