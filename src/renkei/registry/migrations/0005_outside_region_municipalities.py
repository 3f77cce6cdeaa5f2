from django.db import migrations


def load_reference_data(apps, schema_editor):
    from renkei.registry.reference_data import load

    load(apps)


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_municipality_in_region")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
