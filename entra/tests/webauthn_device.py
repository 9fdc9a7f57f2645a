"""A software passkey for tests that talk to the IdP without a browser.

It answers WebAuthn the way a browser with a platform authenticator does (a P-256 key, "none"
attestation, the JSON shape of allauth's webauthn-json), from the options the page carried, so
the IdP's real fido2 checks run: challenge, origin, relying party id, signature.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from hashlib import sha256
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import websafe_decode, websafe_encode
from fido2.webauthn import (
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

ORIGIN = "http://localhost:8001"
HOST = "localhost:8001"
_FLAGS_CREATE = (
    AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.UV | AuthenticatorData.FLAG.AT
)
_FLAGS_GET = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.UV


@dataclass
class SoftwarePasskey:
    rp_id: str = "localhost"
    origin: str = ORIGIN
    credential_id: bytes = field(default_factory=lambda: os.urandom(32))
    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    counter: int = 0
    user_handle: bytes = b""

    def create(self, creation_options: dict[str, Any]) -> dict[str, Any]:
        """navigator.credentials.create(): the registration response for these options."""
        public_key = creation_options["publicKey"]
        self.user_handle = _bytes(public_key["user"]["id"])
        client_data = CollectedClientData.create(
            "webauthn.create", _bytes(public_key["challenge"]), self.origin
        )
        credential = AttestedCredentialData.create(
            b"\0" * 16, self.credential_id, ES256.from_cryptography_key(self.key.public_key())
        )
        auth_data = AuthenticatorData.create(
            sha256(self.rp_id.encode()).digest(), _FLAGS_CREATE, self.counter, credential
        )
        attestation = AttestationObject.create("none", auth_data, {})
        return {
            "type": "public-key",
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "response": {
                "clientDataJSON": websafe_encode(client_data),
                "attestationObject": websafe_encode(attestation),
            },
            "clientExtensionResults": {},
        }

    def get(self, request_options: dict[str, Any]) -> dict[str, Any]:
        """navigator.credentials.get(): the assertion for these options."""
        challenge = _bytes(request_options["publicKey"]["challenge"])
        client_data = CollectedClientData.create("webauthn.get", challenge, self.origin)
        self.counter += 1
        auth_data = AuthenticatorData.create(
            sha256(self.rp_id.encode()).digest(), _FLAGS_GET, self.counter
        )
        signature = self.key.sign(
            bytes(auth_data) + sha256(bytes(client_data)).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "type": "public-key",
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "response": {
                "clientDataJSON": websafe_encode(client_data),
                "authenticatorData": websafe_encode(auth_data),
                "signature": websafe_encode(signature),
                "userHandle": websafe_encode(self.user_handle),
            },
            "clientExtensionResults": {},
        }


def _bytes(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else websafe_decode(value)


def as_post(credential: dict[str, Any]) -> str:
    return json.dumps(credential)
