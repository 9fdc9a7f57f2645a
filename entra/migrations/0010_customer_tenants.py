"""Customer tenants' MFA policy, guests, security groups, GDAP relationships and the audit log
(issue 12, part H)."""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("entra", "0009_authentication_methods")]

    operations = [
        migrations.AddField(
            model_name="tenant",
            name="customer_mfa_policy",
            field=models.CharField(
                choices=[
                    ("security_defaults", "Security defaults on"),
                    ("admins_conditional_access", "Conditional Access: MFA for admins"),
                    ("off", "Security defaults off, no Conditional Access"),
                ],
                default="off",
                max_length=32,
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="directory_roles",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="user",
            name="home_tenant",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                related_name="guests", to="entra.tenant",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="mail",
            field=models.EmailField(blank=True, default="", max_length=254),
        ),
        migrations.AddField(
            model_name="user",
            name="user_type",
            field=models.CharField(
                choices=[("Member", "Member"), ("Guest", "Guest")], default="Member",
                max_length=8,
            ),
        ),
        migrations.CreateModel(
            name="DirectoryAudit",
            fields=[
                ("id", models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                )),
                ("at", models.DateTimeField(default=django.utils.timezone.now)),
                ("activity", models.CharField(
                    choices=[
                        ("add_user", "Add user"),
                        ("approve_relationship", "Approve GDAP relationship"),
                        ("reject_relationship", "Reject GDAP relationship"),
                    ],
                    max_length=32,
                )),
                ("target", models.CharField(max_length=254)),
                ("actor_upn", models.CharField(max_length=254)),
                ("actor_tenant_id", models.UUIDField()),
                ("actor_tenant_name", models.CharField(max_length=100)),
                ("tenant", models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="audit_entries",
                    to="entra.tenant",
                )),
            ],
            options={"ordering": ["-at", "-pk"]},
        ),
        migrations.CreateModel(
            name="GdapRelationship",
            fields=[
                ("id", models.UUIDField(
                    default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                )),
                ("display_name", models.CharField(max_length=50)),
                ("roles", models.JSONField(default=list)),
                ("duration", models.CharField(max_length=8)),
                ("status", models.CharField(
                    choices=[
                        ("approvalPending", "Approval pending"),
                        ("active", "Active"),
                        ("expired", "Expired"),
                        ("terminated", "Terminated"),
                    ],
                    default="approvalPending",
                    max_length=16,
                )),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("activated_at", models.DateTimeField(blank=True, null=True)),
                ("ends_at", models.DateTimeField(blank=True, null=True)),
                ("decided_by", models.CharField(blank=True, default="", max_length=254)),
                ("ended_at", models.DateTimeField(blank=True, null=True)),
                ("customer_tenant", models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="gdap_as_customer", to="entra.tenant",
                )),
                ("partner_tenant", models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="gdap_as_partner", to="entra.tenant",
                )),
            ],
            options={"ordering": ["customer_tenant__name", "partner_tenant__name", "created_at"]},
        ),
        migrations.CreateModel(
            name="SecurityGroup",
            fields=[
                ("id", models.UUIDField(
                    default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                )),
                ("display_name", models.CharField(max_length=120)),
                ("members", models.ManyToManyField(
                    blank=True, related_name="security_groups", to=settings.AUTH_USER_MODEL
                )),
                ("tenant", models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="security_groups", to="entra.tenant",
                )),
            ],
            options={"ordering": ["display_name"]},
        ),
        migrations.CreateModel(
            name="GdapAccessAssignment",
            fields=[
                ("id", models.UUIDField(
                    default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                )),
                ("roles", models.JSONField(default=list)),
                ("relationship", models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="access_assignments", to="entra.gdaprelationship",
                )),
                ("security_group", models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="access_assignments", to="entra.securitygroup",
                )),
            ],
        ),
        migrations.AddConstraint(
            model_name="securitygroup",
            constraint=models.UniqueConstraint(
                fields=("tenant", "display_name"), name="group_name_per_tenant"
            ),
        ),
    ]
