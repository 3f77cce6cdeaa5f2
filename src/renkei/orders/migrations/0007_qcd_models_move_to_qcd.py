"""ScorecardCriteria and QcdSharing move to the qcd app (``renkei.qcd``).

State only: the tables stay where they are, with their rows (the qcd app's models keep the
names ``orders_scorecardcriteria`` and ``orders_qcdsharing``); ``qcd/0001_initial`` takes the
models over.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0006_orderline_rfq_line"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ScorecardCriteria"),
                migrations.DeleteModel(name="QcdSharing"),
            ],
            database_operations=[],
        ),
    ]
