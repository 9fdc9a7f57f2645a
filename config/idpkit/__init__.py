"""Helpers for the simulator's identity providers built on django-allauth's OIDC provider.

The mock Entra ID (``entra``) and Wingtip AD FS (``adfs``) are separate services that never
import each other; what both need and is not specific to either (which client a request may be
sent back to, the QA API's rules, what the session's authentication records prove, serving an
allowlist of allauth's pages) lives here. Nothing here knows a tenant, a user model or a claim.
"""
