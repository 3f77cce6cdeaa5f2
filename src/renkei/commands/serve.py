"""Start the job worker in the background and the web server in the foreground."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--addr", default="127.0.0.1:8000")


def run(args: argparse.Namespace) -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "renkei.config.settings"}
    renkei = [sys.executable, "-m", "renkei.cli", "manage"]
    worker = subprocess.Popen([*renkei, "renkei_worker", "--interval", "0.5"], env=env)
    try:
        return subprocess.call([*renkei, "runserver", "--noreload", args.addr], env=env)
    except KeyboardInterrupt:
        return 0
    finally:
        worker.terminate()
        worker.wait(timeout=10)
