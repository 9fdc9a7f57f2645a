"""The part of allauth's OIDC adapter both identity providers customise the same way."""

from __future__ import annotations

import uuid

from allauth.idp.oidc.adapter import DefaultOIDCAdapter
from allauth.idp.oidc.models import Client
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser


class DirectoryOIDCAdapter(DefaultOIDCAdapter):
    """Issuer from configuration, and ``sub`` the user's immutable object id (as Entra's
    ``oid``), never the database key or the e-mail address a tenant admin can change."""

    # The setting that holds this provider's public origin (its issuer).
    issuer_setting = ""

    def get_issuer(self) -> str:
        # Fixed by configuration, never derived from the Host header of a request.
        return getattr(settings, self.issuer_setting)

    def get_user_sub(self, client: Client, user: AbstractBaseUser) -> str:
        return str(user.object_id)

    def get_user_by_sub(self, client: Client, sub: str) -> AbstractBaseUser | None:
        try:
            object_id = uuid.UUID(sub)
        except (TypeError, ValueError):
            return None
        return get_user_model().objects.filter(object_id=object_id, is_active=True).first()
