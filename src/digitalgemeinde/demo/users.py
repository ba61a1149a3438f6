"""Demo users: one per role, with a password anyone can look up in docs/demo-users.md.

The password of every demo user is ``Demo-<username>``. Never apply the demo profile to a site
that is reachable from outside.
"""

PASSWORD_PREFIX = "Demo-"  # noqa: S105 (published demo passwords, see the docstring)

DEMO_USERS = [
    {
        "username": "liestal-editor",
        "fullname": "Laura Gysin",
        "groups": ["liestal-editors"],
        "role": "Redaktorin Liestal",
    },
    {
        "username": "liestal-reviewer",
        "fullname": "Marco Schaub",
        "groups": ["liestal-reviewers"],
        "role": "Prüfer Liestal (veröffentlicht)",
    },
    {
        "username": "liestal-admin",
        "fullname": "Sandra Tschudin",
        "groups": ["liestal-admins"],
        "role": "Administratorin Liestal (Benutzer und Gruppen)",
    },
    {
        "username": "liestal-clerk",
        "fullname": "Beat Recher",
        "groups": ["liestal-einwohnerdienste-staff"],
        "role": "Sachbearbeiter Einwohnerdienste Liestal",
    },
    {
        "username": "allschwil-editor",
        "fullname": "Nicole Vogt",
        "groups": ["allschwil-editors"],
        "role": "Redaktorin Allschwil",
    },
    {
        "username": "reinach-editor",
        "fullname": "Thomas Stöcklin",
        "groups": ["reinach-editors"],
        "role": "Redaktor Reinach",
    },
    {
        "username": "bl-editor",
        "fullname": "Claudia Buser",
        "groups": ["bl-editors"],
        "role": "Redaktorin Kanton Basel-Landschaft",
    },
    {
        "username": "verband-editor",
        "fullname": "Rahel Tschopp",
        "groups": ["association-editors"],
        "role": "Redaktorin Digitale Gemeinden BL (gibt Standardleistungen frei)",
    },
    {
        "username": "verband-innovator",
        "fullname": "Lukas Salathé",
        "groups": ["public-innovators"],
        "role": "Public Innovator (entwirft und kommentiert Standardleistungen)",
    },
    {
        "username": "buerger",
        "fullname": "Anna Muster",
        "groups": [],
        "role": "Einwohnerin (Bürgerkonto)",
    },
]


def password_of(username: str) -> str:
    return PASSWORD_PREFIX + username


def email_of(username: str) -> str:
    return f"{username}@example.ch"
