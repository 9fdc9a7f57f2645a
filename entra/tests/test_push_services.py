"""Push challenges (``entra.push.services`` and ``selectors``): sent, answered on the phone with
number matching, timed out, and redeemed exactly once by the browser session that asked."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.test import RequestFactory
from django.utils import timezone

from config.idpkit import failure_limits
from entra.models import PushChallenge, PushRegistration, User
from entra.push import selectors, services
from entra.push.services import Answer

ALEJANDRA = "alejandra@contoso.com"
SESSION = "s" * 43
OTHER_SESSION = "o" * 43


@pytest.fixture
def alejandra(directory) -> User:
    return User.objects.get(email=ALEJANDRA)


@pytest.fixture
def request_():
    return RequestFactory().post("/phone/", REMOTE_ADDR="192.0.2.7")


def _send(user: User, session: str = SESSION, request=None) -> PushChallenge:
    return services.push_challenge_create(
        user=user, session_secret=session, client_name="Partner Center portal",
        request=request or RequestFactory().get("/", REMOTE_ADDR="192.0.2.7"),
    )


def _wrong(number: int) -> int:
    return 10 if number != 10 else 11


def test_seeded_authenticator_users_have_push_and_others_do_not(directory):
    assert selectors.user_has_push(user=User.objects.get(email=ALEJANDRA))
    assert not selectors.user_has_push(user=User.objects.get(email="john@fabrikam.com"))


def test_a_challenge_has_a_two_digit_number_and_times_out(alejandra, settings):
    settings.ENTRA = {**settings.ENTRA, "PUSH_TIMEOUT_SECONDS": 60}
    challenges = [_send(alejandra, session=f"{n:043d}") for n in range(40)]
    assert all(10 <= c.number <= 99 for c in challenges)
    assert len({c.number for c in challenges}) > 5  # random, not a constant
    challenge = challenges[0]
    assert 59 <= (challenge.expires_at - challenge.created_at).total_seconds() <= 60
    assert [v.id for v in selectors.push_challenges_pending(user=alejandra)][-1] == challenge.id


def test_no_push_without_a_registration(directory):
    john = User.objects.get(email="john@fabrikam.com")
    with pytest.raises(services.NoPushRegistration):
        _send(john)


def test_sending_again_supersedes_the_session_s_pending_request(alejandra):
    first = _send(alejandra)
    other_session = _send(alejandra, session=OTHER_SESSION)
    second = _send(alejandra)
    pending = {v.id for v in selectors.push_challenges_pending(user=alejandra)}
    assert pending == {second.id, other_session.id}
    first.refresh_from_db()
    assert first.status == PushChallenge.Status.SUPERSEDED


def test_the_right_number_approves_and_the_approval_is_redeemed_once(alejandra, request_):
    challenge = _send(alejandra)
    assert services.push_challenge_approve(
        user=alejandra, challenge_id=challenge.id, number=challenge.number, request=request_
    ) is Answer.APPROVED
    assert services.push_challenge_redeem(
        user=alejandra, challenge_id=challenge.id, session_secret=SESSION
    )
    # Single use: not a second sign-in, not a second approval.
    assert not services.push_challenge_redeem(
        user=alejandra, challenge_id=challenge.id, session_secret=SESSION
    )
    assert services.push_challenge_approve(
        user=alejandra, challenge_id=challenge.id, number=challenge.number, request=request_
    ) is Answer.NOT_PENDING


def test_an_approval_is_bound_to_the_session_that_asked(alejandra, request_):
    challenge = _send(alejandra)
    services.push_challenge_approve(
        user=alejandra, challenge_id=challenge.id, number=challenge.number, request=request_
    )
    assert selectors.push_challenge_for_session(
        challenge_id=challenge.id, session_secret=OTHER_SESSION
    ) is None
    assert not services.push_challenge_redeem(
        user=alejandra, challenge_id=challenge.id, session_secret=OTHER_SESSION
    )
    assert services.push_challenge_redeem(
        user=alejandra, challenge_id=challenge.id, session_secret=SESSION
    )


def test_a_pending_request_is_not_redeemable(alejandra):
    challenge = _send(alejandra)
    assert not services.push_challenge_redeem(
        user=alejandra, challenge_id=challenge.id, session_secret=SESSION
    )


def test_a_wrong_number_denies_the_request(alejandra, request_):
    challenge = _send(alejandra)
    assert services.push_challenge_approve(
        user=alejandra, challenge_id=challenge.id, number=_wrong(challenge.number),
        request=request_,
    ) is Answer.WRONG_NUMBER
    view = selectors.push_challenge_for_session(challenge_id=challenge.id, session_secret=SESSION)
    assert view.state == "denied"
    assert view.challenge.denial_reason == PushChallenge.DenialReason.WRONG_NUMBER
    # The right number afterwards changes nothing: the request is over.
    assert services.push_challenge_approve(
        user=alejandra, challenge_id=challenge.id, number=challenge.number, request=request_
    ) is Answer.NOT_PENDING
    assert not services.push_challenge_redeem(
        user=alejandra, challenge_id=challenge.id, session_secret=SESSION
    )


def test_deny(alejandra, request_):
    challenge = _send(alejandra)
    assert services.push_challenge_deny(
        user=alejandra, challenge_id=challenge.id, request=request_
    ) is Answer.DENIED
    assert services.push_challenge_deny(
        user=alejandra, challenge_id=challenge.id, request=request_
    ) is Answer.NOT_PENDING
    assert not services.push_challenge_redeem(
        user=alejandra, challenge_id=challenge.id, session_secret=SESSION
    )


def test_a_timed_out_request_cannot_be_approved(alejandra, request_):
    challenge = _send(alejandra)
    PushChallenge.objects.filter(pk=challenge.id).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    view = selectors.push_challenge_for_session(challenge_id=challenge.id, session_secret=SESSION)
    assert view.state == "expired"
    assert selectors.push_challenges_pending(user=alejandra) == []
    assert services.push_challenge_approve(
        user=alejandra, challenge_id=challenge.id, number=challenge.number, request=request_
    ) is Answer.NOT_PENDING


def test_five_denials_or_wrong_numbers_lock_mfa(alejandra, request_):
    for n in range(5):
        challenge = _send(alejandra, session=f"{n:043d}")
        if n % 2:
            services.push_challenge_deny(
                user=alejandra, challenge_id=challenge.id, request=request_
            )
        else:
            services.push_challenge_approve(
                user=alejandra, challenge_id=challenge.id, number=_wrong(challenge.number),
                request=request_,
            )
    # Locked: no new request reaches the phone, and the MFA code forms are locked too (the
    # same per-user budget, key mfa:<pk>).
    with pytest.raises(failure_limits.TooManyFailures):
        _send(alejandra, session="z" * 43)
    with pytest.raises(failure_limits.TooManyFailures):  # noqa: SIM117
        with failure_limits.attempt(f"mfa:{alejandra.pk}", request_):
            pass


def test_an_approval_is_refused_while_mfa_is_locked(alejandra, request_):
    challenge = _send(alejandra)
    for _ in range(5):
        with failure_limits.attempt(f"mfa:{alejandra.pk}", request_) as check:
            check.failed()  # five wrong codes typed meanwhile
    assert services.push_challenge_approve(
        user=alejandra, challenge_id=challenge.id, number=challenge.number, request=request_
    ) is Answer.TOO_MANY_FAILURES
    assert not services.push_challenge_redeem(
        user=alejandra, challenge_id=challenge.id, session_secret=SESSION
    )


def test_registration_is_idempotent_and_removal_takes_pending_requests(alejandra):
    assert services.push_registration_create(user=alejandra) == services.push_registration_create(
        user=alejandra
    )
    _send(alejandra)
    services.push_registrations_delete(user=alejandra)
    assert not PushRegistration.objects.filter(user=alejandra).exists()
    assert not PushChallenge.objects.filter(user=alejandra).exists()


# --- races: real threads, real connections, the file database of the test settings


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True)
@pytest.mark.security
def test_ten_redemptions_of_one_approval_at_once_succeed_once(request_):
    from entra.seeding import seed_demo_directory

    seed_demo_directory()
    user = User.objects.get(email=ALEJANDRA)
    challenge = _send(user)
    services.push_challenge_approve(
        user=user, challenge_id=challenge.id, number=challenge.number, request=request_
    )
    results = _race(*[
        lambda: services.push_challenge_redeem(
            user=user, challenge_id=challenge.id, session_secret=SESSION
        )
    ] * 10)
    assert sorted(results) == [False] * 9 + [True]


@pytest.mark.django_db(transaction=True)
@pytest.mark.security
def test_approve_and_deny_at_once_have_one_winner(request_):
    from entra.seeding import seed_demo_directory

    seed_demo_directory()
    user = User.objects.get(email=ALEJANDRA)
    for _ in range(3):
        challenge = _send(user)
        approve = lambda c=challenge: services.push_challenge_approve(  # noqa: E731
            user=user, challenge_id=c.id, number=c.number, request=request_
        )
        deny = lambda c=challenge: services.push_challenge_deny(  # noqa: E731
            user=user, challenge_id=c.id, request=request_
        )
        results = _race(approve, approve, deny, deny)
        winners = [r for r in results if r in (Answer.APPROVED, Answer.DENIED)]
        assert len(winners) == 1, results
        assert results.count(Answer.NOT_PENDING) == 3
        challenge.refresh_from_db()
        assert challenge.status == winners[0].value
