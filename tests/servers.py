"""Start and stop local servers for the tests: free localhost ports, readiness, clean shutdown."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

# the oxigraph server of the test extra, also when the venv is not on PATH
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(
    command: Sequence[str], port: int, *, wait: float = 60.0, stderr: IO[str] | None = None
) -> Iterator[subprocess.Popen]:
    """Run a server process until the block ends; fail clearly if it never opens its port.
    Its stderr goes to ``stderr`` (a file) if given, else to a pipe read when it fails."""
    proc = subprocess.Popen(
        list(command),
        stdout=subprocess.DEVNULL,
        stderr=stderr if stderr is not None else subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + wait
        while True:
            if proc.poll() is not None:
                said = proc.stderr.read() if proc.stderr else "(see its stderr file)"
                raise RuntimeError(f"{command[0]} exited: {said}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{command} did not open port {port}") from None
                time.sleep(0.1)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
