from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("entra", "0008_push_notifications")]

    operations = []
