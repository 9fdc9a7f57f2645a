"""The verification methods beyond the authenticator app and passkeys (common issue 4: no
smartphone): a hardware OATH token simulated on screen, and codes by SMS or voice call to the
user's simulated phone. With the tenant's allow-list (Entra's authentication methods policy).

Record types (``record_authentication(..., "mfa", type=...)``) and how ``amr`` names them
(``entra.internal.signin_state``): ``sms`` -> sms, ``voice`` -> tel, ``hardware_oath`` -> otp.
"""

RECORD_SMS = "sms"
RECORD_VOICE = "voice"
RECORD_HARDWARE_OATH = "hardware_oath"
# What the code messages say, as Entra's do (the code is appended by the phone page).
CODE_DIGITS = 6
