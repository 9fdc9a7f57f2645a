"""Page objects for passkeys and security keys at the mock Entra ID, and Chromium's virtual
authenticator (DevTools protocol) standing in for the user's device."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

# What WebAuthn.addCredential takes of what WebAuthn.getCredentials gives.
_CREDENTIAL_FIELDS = ("credentialId", "isResidentCredential", "rpId", "privateKey", "userHandle",
                      "signCount")


class VirtualAuthenticator:
    """A platform authenticator with user verification (a phone or laptop passkey), attached
    to one page's browser tab through the DevTools protocol."""

    def __init__(self, page: Page) -> None:
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("WebAuthn.enable", {"enableUI": False})
        self.authenticator_id = self.cdp.send(
            "WebAuthn.addVirtualAuthenticator",
            {
                "options": {
                    "protocol": "ctap2",
                    "transport": "internal",
                    "hasResidentKey": True,
                    "hasUserVerification": True,
                    "isUserVerified": True,
                    "automaticPresenceSimulation": True,
                }
            },
        )["authenticatorId"]

    def credentials(self) -> list[dict[str, Any]]:
        """The credentials the device holds (private keys included: it is a test device)."""
        return self.cdp.send(
            "WebAuthn.getCredentials", {"authenticatorId": self.authenticator_id}
        )["credentials"]

    def add_credential(self, credential: dict[str, Any]) -> None:
        """Put a credential exported from another browser context on this device."""
        self.cdp.send(
            "WebAuthn.addCredential",
            {
                "authenticatorId": self.authenticator_id,
                "credential": {k: credential[k] for k in _CREDENTIAL_FIELDS if k in credential},
            },
        )


class Passkeys:
    """The mock Entra ID's passkey pages: registration (interrupt or security info) and
    verification (sign-in or step-up)."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page, self.base_url = page, base_url

    def register_in_interrupt(self, name: str | None = None) -> list[str]:
        """At the registration interrupt, choose a passkey over the authenticator app, create
        it, keep the recovery codes (returned), and continue to verification."""
        self.page.get_by_test_id("mfa-register-passkey").click()
        self.create(name)
        codes = self.page.get_by_test_id("mfa-recovery-codes").locator("code")
        expect(codes.first).to_be_visible()
        recovery_codes = codes.all_inner_texts()
        self.page.get_by_test_id("mfa-continue").click()
        return recovery_codes

    def create(self, name: str | None = None) -> None:
        """On "Add a passkey or security key": name it and let the device create it."""
        expect(self.page.get_by_test_id("passkey-add-submit")).to_be_visible()
        assert self.page.url.startswith(self.base_url)
        if name is not None:
            self.page.get_by_test_id("passkey-name").fill(name)
        self.page.get_by_test_id("passkey-add-submit").click()

    def expect_prompt(self) -> None:
        expect(self.page.get_by_test_id("passkey-verify")).to_be_enabled()
        assert self.page.url.startswith(self.base_url)

    def verify(self) -> None:
        """Answer the passkey prompt with the device."""
        self.expect_prompt()
        self.page.get_by_test_id("passkey-verify").click()

    @property
    def error(self):
        return self.page.get_by_test_id("passkey-error")
