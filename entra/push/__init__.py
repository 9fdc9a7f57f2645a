"""Push notifications with number matching: Microsoft Authenticator's "Approve sign-in request".

Registered with the authenticator app (``entra:mfa_register``), offered first wherever Entra
asks for MFA, answered on the simulated phone (``/phone/<upn>/``). A challenge is bound to the
IdP browser session that asked for it and completes at most one sign-in; ``amr`` then says
``rsa`` (Entra's value for the Authenticator app) beside ``mfa``.
"""

APP_NAME = "Microsoft Authenticator"
# The type recorded in allauth's authentication log (``record_authentication``) for a push:
# ``entra.internal.signin_state`` maps it to ``rsa``.
RECORD_TYPE = "push"
