"""Wingtip AD FS's /healthz (config/health.py)."""


def test_healthz_answers_without_sign_in(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok", "down": [], "checks": {"database": "ok", "cache": "ok"},
    }
