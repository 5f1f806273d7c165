"""A guest's progress, kept in the signed session cookie until sign-up or login merges it."""

from __future__ import annotations

from flask import session

from course.operations.learning import GuestProgress

GUEST_KEY = "guest"


def guest_progress() -> GuestProgress:
    return GuestProgress.from_session(session.get(GUEST_KEY))


def save_guest_progress(guest: GuestProgress) -> None:
    session[GUEST_KEY] = guest.to_session()


def forget_guest_progress() -> None:
    save_guest_progress(GuestProgress())
