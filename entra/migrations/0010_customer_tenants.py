from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("entra", "0009_authentication_methods")]

    operations = []
