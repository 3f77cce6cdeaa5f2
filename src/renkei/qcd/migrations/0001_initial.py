"""The QCD models, taken over from the orders app without moving a row.

The tables were created by ``orders/0002_scorecard_criteria`` and ``orders/0003_qcd_sharing``
and keep their names (``Meta.db_table``): this migration creates the models' state only,
after ``orders/0007_qcd_models_move_to_qcd`` dropped them from the orders app's state. The
content types follow (``orders.scorecardcriteria`` becomes ``qcd.scorecardcriteria``), so the
audit log's history and the permissions stay attached to the rows.
"""

import django.db.models.deletion
from decimal import Decimal
from django.db import migrations, models

MOVED = ("scorecardcriteria", "qcdsharing")


def _relabel(apps, from_label, to_label):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label=to_label, model=model).exists():
            content_type.objects.filter(app_label=from_label, model=model).update(
                app_label=to_label
            )


def content_types_forward(apps, schema_editor):
    _relabel(apps, "orders", "qcd")


def content_types_backward(apps, schema_editor):
    _relabel(apps, "qcd", "orders")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("orders", "0007_qcd_models_move_to_qcd"),
        ("registry", "0005_outside_region_municipalities"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='QcdSharing',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('level', models.CharField(choices=[('private', 'Private (our firm only)'), ('buyers', 'The buyers we serve'), ('cluster', 'The cluster'), ('public', 'Public')], default='private', max_length=10, verbose_name='sharing level')),
                        ('organization', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='qcd_sharing', to='registry.organization', verbose_name='organisation')),
                    ],
                    options={
                        'verbose_name': 'QCD sheet sharing',
                        'verbose_name_plural': 'QCD sheet sharing',
                        'db_table': 'orders_qcdsharing',
                        'ordering': ('organization',),
                        'constraints': [models.CheckConstraint(condition=models.Q(('level__in', ['private', 'buyers', 'cluster', 'public'])), name='qcd_sharing_level_valid')],
                    },
                ),
                migrations.CreateModel(
                    name='ScorecardCriteria',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('weight_otd_qty', models.DecimalField(decimal_places=1, default=Decimal('20'), max_digits=5, verbose_name='weight: on-time delivery (quantity) %')),
                        ('weight_otif_lines', models.DecimalField(decimal_places=1, default=Decimal('20'), max_digits=5, verbose_name='weight: on time in full (lines) %')),
                        ('weight_defect_ppm', models.DecimalField(decimal_places=1, default=Decimal('40'), max_digits=5, verbose_name='weight: defect rate %')),
                        ('weight_lead_time', models.DecimalField(decimal_places=1, default=Decimal('20'), max_digits=5, verbose_name='weight: lead time %')),
                        ('ppm_at_zero', models.DecimalField(decimal_places=1, default=Decimal('10000'), max_digits=9, verbose_name='defect rate scoring zero (ppm)')),
                        ('ppm_scale', models.CharField(choices=[('linear', 'Linear (every 1 % of the zero-point rate costs one point)'), ('log', 'Logarithmic (spreads out the good end)')], default='linear', max_length=10, verbose_name='defect rate scale')),
                        ('lead_time_target_days', models.DecimalField(decimal_places=1, default=Decimal('14'), max_digits=6, verbose_name='target lead time (days)')),
                        ('lead_time_at_zero_days', models.DecimalField(decimal_places=1, default=Decimal('28'), max_digits=6, verbose_name='lead time scoring zero (days)')),
                        ('band_s', models.DecimalField(decimal_places=1, default=Decimal('90'), max_digits=5, verbose_name='band S from')),
                        ('band_a', models.DecimalField(decimal_places=1, default=Decimal('80'), max_digits=5, verbose_name='band A from')),
                        ('band_b', models.DecimalField(decimal_places=1, default=Decimal('70'), max_digits=5, verbose_name='band B from')),
                        ('band_c', models.DecimalField(decimal_places=1, default=Decimal('60'), max_digits=5, verbose_name='band C from')),
                        ('trend_months', models.PositiveSmallIntegerField(default=6, verbose_name='trend over (months)')),
                        ('buyer', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='scorecard_criteria', to='registry.organization', verbose_name='buyer')),
                    ],
                    options={
                        'verbose_name': 'scorecard criteria',
                        'verbose_name_plural': 'scorecard criteria',
                        'db_table': 'orders_scorecardcriteria',
                        'constraints': [models.CheckConstraint(condition=models.Q(('weight_otd_qty__gte', 0), ('weight_otif_lines__gte', 0), ('weight_defect_ppm__gte', 0), ('weight_lead_time__gte', 0)), name='scorecard_weights_not_negative'), models.CheckConstraint(condition=models.Q(('ppm_at_zero__gt', 0)), name='scorecard_ppm_at_zero_positive'), models.CheckConstraint(condition=models.Q(('lead_time_target_days__gte', 0), ('lead_time_at_zero_days__gt', models.F('lead_time_target_days'))), name='scorecard_lead_time_range'), models.CheckConstraint(condition=models.Q(('trend_months__gte', 3)), name='scorecard_trend_months_min')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
