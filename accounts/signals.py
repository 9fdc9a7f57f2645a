from django.dispatch import Signal

# Sent after a callback stored freshly verified claims (sign-in or step-up); kwargs: request,
# identity (accounts.identity.PartnerIdentity).
identity_verified = Signal()
