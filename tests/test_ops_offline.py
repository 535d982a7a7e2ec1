"""Offline, as government networks are: a whole `juesuan load` with every outbound connection and
name lookup refused in every process it starts (parse workers too), and quiet output."""
import subprocess
import sys
import textwrap

import duckdb

from .ops_support import api_url, cli_env, fill_inbox, juesuan, workbooks  # noqa: F401 (fixtures)

# Loaded by every Python process of the run (PYTHONPATH): loopback only, attempts logged.
GUARD = textwrap.dedent("""
    import os, socket

    _LOG = os.environ["OFFLINE_GUARD_LOG"]
    _LOCAL = ("localhost", "127.0.0.1", "::1", "0.0.0.0")


    def _refuse(what):
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {what}\\n")
        raise OSError(101, f"network is unreachable (offline test): {what}")


    def _local(host):
        return isinstance(host, str) and (host in _LOCAL or host.startswith("127."))


    def _guarded(real):
        def connect(self, address):
            if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(address[0]):
                _refuse(f"connect {address}")
            return real(self, address)
        return connect


    socket.socket.connect = _guarded(socket.socket.connect)
    socket.socket.connect_ex = _guarded(socket.socket.connect_ex)
    _getaddrinfo = socket.getaddrinfo


    def getaddrinfo(host, *args, **kwargs):
        if host is not None and not _local(host.decode() if isinstance(host, bytes) else host):
            _refuse(f"lookup {host}")
        return _getaddrinfo(host, *args, **kwargs)


    socket.getaddrinfo = getaddrinfo
""")


def test_a_whole_load_runs_with_the_network_unreachable(api_url, workbooks, tmp_path):
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    attempts = tmp_path / "attempts.log"
    attempts.touch()
    inbox, db = fill_inbox(tmp_path / "inbox", workbooks[:3]), tmp_path / "wh.duckdb"
    env = cli_env(api_url, PYTHONPATH=str(guard), OFFLINE_GUARD_LOG=str(attempts))

    probe = subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(('192.0.2.1', 80))"],
                           env=env, capture_output=True, text=True)
    assert "offline test" in probe.stderr and attempts.read_text()  # the guard is in force…
    attempts.write_text("")
    done = juesuan("load", str(inbox), "--db", str(db), env=env)

    assert done.returncode in (0, 1), done.stderr
    assert attempts.read_text() == ""  # …and nothing tried to leave the machine
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM submission").fetchall() == [(3,)]
    finally:
        con.close()
    # Quiet: the summary on stdout; on stderr only juesuan's progress lines.
    assert done.stdout.startswith("运行 ")
    noise = [line for line in done.stderr.splitlines() if not line.startswith("[")]
    assert noise == [], done.stderr
