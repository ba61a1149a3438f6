"""Constants, scale, progress clock and small helpers shared by the bench data generator."""

import os
import random
import re
import sys
import time
from dataclasses import asdict
from dataclasses import dataclass

import transaction
from plone.app.textfield.value import RichTextValue

BIG_SITE = "bench86"
SMALL_SITE = "bench3"
WORKFLOW = "digitalgemeinde_submission_workflow"
OFFICES = ("einwohnerdienste", "bauverwaltung", "sozialdienst")
INBOX_KEYS = ("inbox_100k", "inbox_10k", "inbox_100")
COMMIT_EVERY = 1000
# Closed requests of the bench must outlive the two years of generated history: a purge run
# on the bench instance would otherwise delete most of them.
RETENTION_DAYS = 1095
HISTORY_DAYS = 730
CANTON_ID = "bl"
BASELINE = "baseline"
SAVE_DATA = "savedata"


# --- scale -----------------------------------------------------------------------------------


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


@dataclass
class Scale:
    """How much to make. Full size by default; environment variables and options override."""

    municipalities: int = 86
    services: int = 150  # per municipality
    inbox_100k: int = 100_000
    inbox_10k: int = 10_000
    inbox_100: int = 100
    spread: int = 2_000  # requests in other offices of bench86
    saved_rows: int = 10_000  # rows of /bench86/baseline/saved-10k
    small_municipalities: int = 3  # bench3
    small_submissions: int = 10  # requests in bench3

    @classmethod
    def from_environment(cls) -> "Scale":
        defaults = cls()
        return cls(
            **{
                name: env_int(f"BENCH_{name.upper()}", getattr(defaults, name))
                for name in asdict(defaults)
            }
        )

    def inbox_sizes(self) -> dict[str, int]:
        return {
            "inbox_100k": self.inbox_100k,
            "inbox_10k": self.inbox_10k,
            "inbox_100": self.inbox_100,
        }


# --- progress and timing ---------------------------------------------------------------------


class Clock:
    """Phases and their durations; every line goes to stdout at once (the log is tailed)."""

    def __init__(self, out=None):
        self.start = time.perf_counter()
        self.phases: dict[str, float] = {}
        self.out = out if out is not None else sys.stdout

    def say(self, text: str) -> None:
        elapsed = time.perf_counter() - self.start
        print(f"[{elapsed:8.1f}s] {text}", file=self.out, flush=True)

    def phase(self, name: str):
        return _Phase(self, name)

    @property
    def total(self) -> float:
        return time.perf_counter() - self.start


class _Phase:
    def __init__(self, clock: Clock, name: str):
        self.clock, self.name = clock, name

    def __enter__(self):
        self.begin = time.perf_counter()
        self.clock.say(f"{self.name} …")
        return self

    def __exit__(self, *exc):
        took = time.perf_counter() - self.begin
        self.clock.phases[self.name] = self.clock.phases.get(self.name, 0.0) + took
        if exc[0] is None:
            self.clock.say(f"{self.name}: {took:.1f}s")
        return False


def commit(portal=None) -> None:
    transaction.commit()
    if portal is not None:
        portal._p_jar.cacheGC()


def seeded(seed) -> random.Random:
    """Bench data, not secrets: a reproducible generator."""
    return random.Random(seed)  # noqa: S311


# --- text helpers ----------------------------------------------------------------------------

UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def slug(text: str) -> str:
    text = text.translate(UMLAUTS).replace("é", "e").replace("è", "e").replace("ã", "a")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def rich(html: str) -> RichTextValue:
    return RichTextValue(html, "text/html", "text/x-html-safe")


def path_of(obj) -> str:
    return "/".join(obj.getPhysicalPath())
