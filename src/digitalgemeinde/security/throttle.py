"""Throttling of failed logins, per account and per client address (OWASP ASVS V2.2.1).

Each failed login is counted for the account's login name and for the address it came from.
A few failures are free; after that every further attempt must wait longer than the one before
(1, 2, 4, … seconds after the last failure); once the limit is reached, logging in is refused until
the window has passed since the last failure. A refused attempt checks no password and counts
nothing; the right password works again once the wait or the window has passed, and a login
that succeeds forgets the account's failures (not the address's: one valid account must not
clear the way for guessing the others). The numbers are settings (Site Setup → Einwohnerportal →
Login protection); with the defaults an account sees at most 10 wrong passwords per 15 minutes.

Where the state lives: in memory, per Zope process (``LoginThrottle``, one per process, guarded
by a lock, so all threads of a process share it). A ZODB counter would be written on every
failed login, and a login storm would turn into write conflicts on that one object. Several
Zope instances behind a load balancer each count on their own, so an attacker gets at most that
many times the attempts; a shared store (Redis, memcached) can replace ``LoginThrottle``'s
methods without changing anything else. A restart forgets the counts.
"""

import logging
import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from plone.registry.interfaces import IRegistry
from zope.component import queryUtility
from zope.i18nmessageid import Message

from digitalgemeinde import _

logger = logging.getLogger("digitalgemeinde.security")

PREFIX = "digitalgemeinde"
FIRST_DELAY_SECONDS = 1
MAX_KEYS = 100_000  # counters kept at most; the oldest go first


@dataclass(frozen=True)
class ThrottleSettings:
    """The registry's records of the fieldset "Login protection"; the defaults where missing."""

    login_window_minutes: int = 15
    login_account_delay_after: int = 3
    login_account_limit: int = 10
    login_address_delay_after: int = 10
    login_address_limit: int = 50

    @property
    def window(self) -> float:
        return self.login_window_minutes * 60.0


def throttle_settings() -> ThrottleSettings:
    registry = queryUtility(IRegistry)
    defaults = ThrottleSettings()
    if registry is None:
        return defaults
    values = {}
    for name in ThrottleSettings.__dataclass_fields__:
        value = registry.get(f"{PREFIX}.{name}")
        values[name] = value if isinstance(value, int) and value > 0 else getattr(defaults, name)
    return ThrottleSettings(**values)


@dataclass(frozen=True)
class Refusal:
    """An attempt refused before its password is checked."""

    scope: str  # "account" or "address"
    key: str
    seconds: int  # until the next attempt is accepted
    locked: bool  # the limit is reached (else: a growing delay)

    @property
    def message(self) -> Message:
        if self.locked:
            return _(
                "Too many failed logins. Logging in is blocked for ${minutes} minutes. "
                "Please try again later.",
                mapping={"minutes": max(1, math.ceil(self.seconds / 60))},
            )
        return _(
            "Too many failed logins. Please wait ${seconds} seconds before you try again.",
            mapping={"seconds": self.seconds},
        )


def keys_for(login: str, address: str | None, settings: ThrottleSettings):
    """(scope, key, delay_after, limit) of each counter an attempt is measured against."""
    keys = [
        (
            "account",
            login.strip().lower(),
            settings.login_account_delay_after,
            settings.login_account_limit,
        )
    ]
    if address:
        keys.append(
            (
                "address",
                address,
                settings.login_address_delay_after,
                settings.login_address_limit,
            )
        )
    return keys


def waited_until(failures: list[float], delay_after: int, window: float) -> float | None:
    """When an attempt is accepted again after ``failures`` (within the window, oldest first):
    1, 2, 4 … seconds (at most the window) after the last one once ``delay_after`` are
    reached, else at once."""
    if len(failures) < delay_after:
        return None
    exponent = min(len(failures) - delay_after, 32)
    return failures[-1] + min(FIRST_DELAY_SECONDS * 2**exponent, window)


@dataclass
class Counter:
    """The failures of one account or address within the window, and a block once the limit
    was reached (the failures are then forgotten: the block stands for them)."""

    failures: list[float]
    blocked_until: float | None = None


class LoginThrottle:
    """The failed logins of this process: ``(scope, key) -> Counter``."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock  # tests put a clock of their own here
        self._lock = threading.Lock()
        self._counters: OrderedDict[tuple[str, str], Counter] = OrderedDict()

    def reset(self) -> None:
        with self._lock:
            self._counters.clear()

    def _counter(self, name, now: float, window: float) -> Counter:
        """The counter ``name`` without what has expired (a new one when nothing is left)."""
        counter = self._counters.get(name) or Counter([])
        if counter.blocked_until is not None and counter.blocked_until <= now:
            counter = Counter([])
        counter.failures = [moment for moment in counter.failures if moment > now - window]
        if counter.failures or counter.blocked_until is not None:
            self._counters[name] = counter
        else:
            self._counters.pop(name, None)
        return counter

    def refusal(self, login: str, address: str | None, settings: ThrottleSettings):
        """The ``Refusal`` of an attempt now, else None."""
        now = self.clock()
        refusals = []
        with self._lock:
            for scope, key, delay_after, _limit in keys_for(login, address, settings):
                counter = self._counter((scope, key), now, settings.window)
                until = counter.blocked_until or waited_until(
                    counter.failures, delay_after, settings.window
                )
                if until is not None and until > now:
                    seconds = max(1, math.ceil(until - now))
                    refusals.append(Refusal(scope, key, seconds, counter.blocked_until is not None))
        if not refusals:
            return None
        refusal = max(refusals, key=lambda item: item.seconds)
        logger.info(
            "Login refused for %s %r: retry in %d s%s",
            refusal.scope,
            refusal.key,
            refusal.seconds,
            " (blocked)" if refusal.locked else "",
        )
        return refusal

    def failed(self, login: str, address: str | None, settings: ThrottleSettings) -> None:
        now = self.clock()
        with self._lock:
            for scope, key, _delay_after, limit in keys_for(login, address, settings):
                counter = self._counter((scope, key), now, settings.window)
                counter.failures.append(now)
                if len(counter.failures) >= limit:
                    counter.failures, counter.blocked_until = [], now + settings.window
                    logger.warning(
                        "Login blocked for %s %r for %d minutes after %d failed logins",
                        scope,
                        key,
                        settings.login_window_minutes,
                        limit,
                    )
                self._counters[(scope, key)] = counter
                self._counters.move_to_end((scope, key))
            while len(self._counters) > MAX_KEYS:
                self._counters.popitem(last=False)

    def succeeded(self, login: str) -> None:
        with self._lock:
            self._counters.pop(("account", login.strip().lower()), None)


THROTTLE = LoginThrottle()
