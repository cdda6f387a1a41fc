"""``make lab`` starts JupyterLab on localhost with the project's kernel, as root (where JupyterLab refuses to start without
``--allow-root``) or as a user."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

from analysis import config


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_make_lab_starts_and_answers_on_localhost(tmp_path):
    port, token = free_port(), "test-token"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    lab = subprocess.Popen(
        ["make", "-s", "lab", f"LAB_ARGS=--port={port} --no-browser --ServerApp.token={token}"],
        cwd=config.PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        status = specs = None
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and lab.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2) as answer:
                    status = json.load(answer)
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/kernelspecs?token={token}", timeout=2) as answer:
                    specs = json.load(answer)
                break
            except OSError:
                time.sleep(0.5)
        assert status is not None, "JupyterLab did not answer within 90 s"
        assert specs["default"] == config.KERNEL_NAME and config.KERNEL_NAME in specs["kernelspecs"]
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        output = lab.communicate(timeout=30)[0]
    assert f"http://127.0.0.1:{port}/" in output  # it listens on this machine only
