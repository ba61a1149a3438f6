"""A private PostgreSQL cluster from Debian's binaries, for `make cluster`, backups and tests.

Debian's ``postgresql`` package (15 on bookworm) puts ``initdb``, ``pg_ctl``, ``psql`` and
``pg_dump`` into ``/usr/lib/postgresql/<version>/bin``; this module takes the newest version there
(or the folder named by ``PG_BIN``) and runs a cluster of its own in a data folder of our choice,
beside any cluster of the system (no ``pg_ctlcluster``, no service):

- it listens on ``127.0.0.1:<port>`` and on a unix socket in the data folder itself;
- the superuser is ``postgres``; connections from this machine are trusted (``trust`` for the
  socket and 127.0.0.1 only: a one-machine development and test cluster; production uses
  passwords, see deploy/postgresql/README.md);
- our settings are in ``<datadir>/digitalgemeinde.conf`` (port, socket, max_connections),
  included from ``postgresql.conf``; the server's log is ``<datadir>/postgresql.log``.

**Root.** PostgreSQL refuses to run as root, and tests and CI run as root. When the current user
is root (uid 0), the data folder is given to the system user ``postgres`` (Debian's package
creates it) and every server-side command (``initdb``, ``pg_ctl``) runs as that user through
``runuser -u postgres --``. The data folder's parents must then be searchable by ``postgres``
(``/tmp/pytest-of-root`` is not: tests put the cluster in a folder of mode 0755, see
tests/cluster/conftest.py); ``init`` says so clearly instead of a failing ``initdb``. Clients
(``psql``, ``pg_dump``, Zope) keep running as the current user and connect as ``postgres``.

    python3 scripts/pg_cluster.py init DATADIR --port 5433 [--max-connections 100]
    python3 scripts/pg_cluster.py start DATADIR | stop DATADIR | status DATADIR
    python3 scripts/pg_cluster.py createdb DATADIR NAME USER
    python3 scripts/pg_cluster.py dsn DATADIR NAME USER     # prints the libpq DSN

Standard library only.
"""

import argparse
import os
import pwd
import re
import subprocess
import sys
from pathlib import Path

SUPERUSER = "postgres"
SERVER_USER = "postgres"  # the system user the server runs as when we are root
SETTINGS = "digitalgemeinde.conf"
LOG = "postgresql.log"
NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class ClusterError(RuntimeError):
    """A cluster command failed; the message says what and, when known, why."""


def bin_dir() -> Path:
    """Debian's folder of the newest installed PostgreSQL (``PG_BIN`` overrides)."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    versions = sorted(
        (path for path in Path("/usr/lib/postgresql").glob("*/bin") if path.is_dir()),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
    )
    if not versions:
        raise ClusterError(
            "No PostgreSQL in /usr/lib/postgresql: install Debian's package "
            "(apt-get install postgresql) or name the folder of initdb with PG_BIN"
        )
    return versions[-1]


def binary(name: str) -> str:
    """The path of one PostgreSQL program (``initdb``, ``pg_ctl``, ``psql``, ``pg_dump``...)."""
    return str(bin_dir() / name)


def as_root() -> bool:
    return os.geteuid() == 0


def _server_command(command: list[str]) -> list[str]:
    """``command`` as the server's user: ourselves, or ``postgres`` when we are root."""
    if as_root():
        return ["runuser", "-u", SERVER_USER, "--", *command]
    return command


def _run(command: list[str], what: str, *, server: bool = False) -> str:
    full = _server_command(command) if server else command
    result = subprocess.run(full, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        raise ClusterError(f"{what} failed ({result.returncode}): {result.stderr or result.stdout}")
    return result.stdout


def _give_to_server_user(path: Path) -> None:
    """As root: the data folder belongs to ``postgres``, and ``postgres`` can reach it."""
    account = pwd.getpwnam(SERVER_USER)
    os.chown(path, account.pw_uid, account.pw_gid)
    reachable = subprocess.run(  # noqa: S603
        _server_command(["test", "-w", str(path)]), check=False
    )
    if reachable.returncode:
        raise ClusterError(
            f"The user {SERVER_USER!r} cannot reach {path}: PostgreSQL does not run as root, "
            "so as root it runs as 'postgres', and every folder above the data folder must be "
            "searchable by it (chmod o+x), or choose a data folder elsewhere"
        )


def init(datadir, port: int, max_connections: int = 100) -> Path:
    """A new cluster in ``datadir`` (created; must be empty or missing) for ``port``."""
    datadir = Path(datadir).resolve()
    if (datadir / "PG_VERSION").exists():
        raise ClusterError(f"{datadir} holds a cluster already")
    datadir.mkdir(parents=True, exist_ok=True)
    datadir.chmod(0o700)
    if as_root():
        _give_to_server_user(datadir)
    _run(
        [
            binary("initdb"),
            "--pgdata",
            str(datadir),
            "--username",
            SUPERUSER,
            "--auth-local=trust",
            "--auth-host=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        ],
        "initdb",
        server=True,
    )
    settings = (
        "# digitalgemeinde's private cluster (scripts/pg_cluster.py)\n"
        f"port = {int(port)}\n"
        "listen_addresses = '127.0.0.1'\n"
        f"unix_socket_directories = '{datadir}'\n"
        f"max_connections = {int(max_connections)}\n"
    )
    _write_as_server_user(datadir / SETTINGS, settings)
    config = (datadir / "postgresql.conf").read_text()
    _write_as_server_user(datadir / "postgresql.conf", f"{config}\ninclude = '{SETTINGS}'\n")
    return datadir


def _write_as_server_user(path: Path, text: str) -> None:
    path.write_text(text)
    if as_root():
        account = pwd.getpwnam(SERVER_USER)
        os.chown(path, account.pw_uid, account.pw_gid)


def port_of(datadir) -> int:
    """The port ``init`` wrote into the cluster's settings."""
    text = (Path(datadir) / SETTINGS).read_text()
    match = re.search(r"^port = (\d+)$", text, re.MULTILINE)
    if not match:
        raise ClusterError(f"No port in {Path(datadir) / SETTINGS}")
    return int(match.group(1))


def log_path(datadir) -> Path:
    return Path(datadir).resolve() / LOG


def start(datadir, timeout: int = 60) -> None:
    """Start the server in the background and wait until it accepts connections."""
    if running(datadir):
        return
    datadir = Path(datadir).resolve()
    _run(
        [binary("pg_ctl"), "--pgdata", str(datadir), "--log", str(log_path(datadir))]
        + ["--wait", f"--timeout={timeout}", "start"],
        f"Starting PostgreSQL in {datadir} (log: {log_path(datadir)})",
        server=True,
    )


def stop(datadir, mode: str = "fast", timeout: int = 60) -> None:
    """Stop the server (``fast``: roll back open transactions, then end); no-op when stopped."""
    if not running(datadir):
        return
    _run(
        [binary("pg_ctl"), "--pgdata", str(Path(datadir).resolve()), "--mode", mode]
        + ["--wait", f"--timeout={timeout}", "stop"],
        "Stopping PostgreSQL",
        server=True,
    )


def running(datadir) -> bool:
    """Whether the cluster's server runs (``pg_ctl status``)."""
    datadir = Path(datadir).resolve()
    if not (datadir / "PG_VERSION").exists():
        return False
    command = _server_command([binary("pg_ctl"), "--pgdata", str(datadir), "status"])
    return subprocess.run(command, capture_output=True, check=False).returncode == 0  # noqa: S603


def pid(datadir) -> int | None:
    """The postmaster's process id while it runs (first line of postmaster.pid)."""
    path = Path(datadir) / "postmaster.pid"
    try:
        return int(path.read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None


def psql(datadir, sql: str, database: str = "postgres") -> str:
    """Run ``sql`` as the superuser over the cluster's unix socket; its unaligned output."""
    datadir = Path(datadir).resolve()
    command = [binary("psql"), "--host", str(datadir), "--port", str(port_of(datadir))]
    command += ["--username", SUPERUSER, "--dbname", database, "--no-psqlrc"]
    command += ["--tuples-only", "--no-align", "--set", "ON_ERROR_STOP=1", "--command", sql]
    return _run(command, f"psql {sql!r}").strip()


def create_database(datadir, name: str, user: str) -> None:
    """The role ``user`` (login, no password: trusted here) and its database ``name``,
    unless they exist."""
    for value in (name, user):
        if not NAME.match(value):
            raise ClusterError(f"{value!r} is not a plain lower-case name")
    # both names match NAME (checked above): nothing to quote
    if not psql(datadir, f"SELECT 1 FROM pg_roles WHERE rolname = '{user}'"):  # noqa: S608
        psql(datadir, f"CREATE ROLE {user} LOGIN")
    if not psql(datadir, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):  # noqa: S608
        psql(datadir, f"CREATE DATABASE {name} OWNER {user} ENCODING 'UTF8'")


def dsn(datadir=None, name: str = "zodb", user: str = "zodb", port: int | None = None) -> str:
    """The libpq DSN of database ``name`` as ``user`` over 127.0.0.1 (RELSTORAGE_DSN)."""
    if port is None:
        port = port_of(datadir)
    return f"dbname='{name}' user='{user}' host='127.0.0.1' port='{int(port)}'"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for command in ("init", "start", "stop", "status", "createdb", "dsn"):
        sub = commands.add_parser(command)
        sub.add_argument("datadir")
        if command == "init":
            sub.add_argument("--port", type=int, required=True)
            sub.add_argument("--max-connections", type=int, default=100)
        if command in ("createdb", "dsn"):
            sub.add_argument("name")
            sub.add_argument("user")
    args = parser.parse_args(argv)
    try:
        if args.command == "init":
            print(f"PostgreSQL cluster in {init(args.datadir, args.port, args.max_connections)}")
        elif args.command == "start":
            start(args.datadir)
        elif args.command == "stop":
            stop(args.datadir)
        elif args.command == "status":
            state = f"running (pid {pid(args.datadir)})" if running(args.datadir) else "stopped"
            print(f"PostgreSQL {state}")
            return 0 if running(args.datadir) else 3
        elif args.command == "createdb":
            create_database(args.datadir, args.name, args.user)
        else:
            print(dsn(args.datadir, args.name, args.user))
    except ClusterError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
