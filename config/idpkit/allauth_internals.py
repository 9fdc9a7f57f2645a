"""Every name the identity providers' shared helpers take from allauth's private modules.

allauth does not promise these between releases: an upgrade that moves one breaks here, in one
file, instead of wherever it was used.
"""

from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.internal.stagekit import clear_login, unstash_login
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

__all__ = [
    "TOTP",
    "clear_login",
    "format_hotp_value",
    "get_authentication_records",
    "hotp_value",
    "unstash_login",
]
