"""The tenant whose authority issued a grant (issue 12, part J: customer-tenant tokens)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("entra", "0010_customer_tenants")]

    operations = [
        migrations.AddField(
            model_name="signin",
            name="resource_tenant",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="entra.tenant",
            ),
        ),
    ]
