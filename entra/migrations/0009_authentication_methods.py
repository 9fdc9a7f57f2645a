"""Issue 12, common issue 4: the methods a tenant allows, hardware OATH tokens, phone methods
(SMS and voice) and the codes sent to the phone. Written by hand (the working rules)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import entra.models

_DELIVERY = [("sms", "Text me a code"), ("voice", "Call me")]


class Migration(migrations.Migration):
    dependencies = [("entra", "0008_push_notifications")]

    operations = [
        migrations.AddField(
            model_name="tenant",
            name="authentication_methods",
            field=models.JSONField(blank=True, default=entra.models.all_authentication_methods),
        ),
        migrations.CreateModel(
            name="HardwareOathToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),  # noqa: E501
                ("serial_number", models.CharField(max_length=32, unique=True)),
                ("secret_key", models.CharField(max_length=64)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("activated_at", models.DateTimeField(blank=True, null=True)),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="hardware_oath_tokens", to=settings.AUTH_USER_MODEL)),  # noqa: E501
            ],
            options={"ordering": ["created_at"]},
        ),
        migrations.CreateModel(
            name="PhoneCode",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),  # noqa: E501
                ("channel", models.CharField(choices=_DELIVERY, max_length=8)),
                ("phone_number", models.CharField(max_length=16)),
                ("code", models.CharField(max_length=6)),
                ("session_binding", models.CharField(db_index=True, max_length=64)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("expires_at", models.DateTimeField()),
                ("used_at", models.DateTimeField(blank=True, null=True)),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="phone_codes", to=settings.AUTH_USER_MODEL)),  # noqa: E501
            ],
            options={"ordering": ["-created_at"]},
        ),
        migrations.CreateModel(
            name="PhoneMethod",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),  # noqa: E501
                ("phone_number", models.CharField(max_length=16)),
                ("delivery", models.CharField(choices=_DELIVERY, default="sms", max_length=8)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="phone_method", to=settings.AUTH_USER_MODEL)),  # noqa: E501
            ],
        ),
    ]
