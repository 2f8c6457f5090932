"""How ``make test`` gets its browser (``tests/browser_setup.py``), decided without installing anything.

The search runs on a made-up ``PATH`` of empty executable files, and the
decision (:func:`browser_setup.plan`) is a pure function: every case is
checked here, none by uninstalling a browser.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

import browser_setup  # noqa: E402


def _executables(folder: Path, *names: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        path = folder / name
        path.write_text("#!/bin/sh\n")
        path.chmod(0o755)
    return str(folder)


def test_the_first_candidate_on_path_wins(tmp_path):
    first = _executables(tmp_path / "a", "google-chrome")
    second = _executables(tmp_path / "b", "chromium")
    path = os.pathsep.join([first, second])
    # chromium comes first among the candidates, wherever it lies on PATH
    assert browser_setup.find_browser(path, env={}, playwright=None) == str(tmp_path / "b" / "chromium")
    assert browser_setup.find_browser(first, env={}, playwright=None) == str(tmp_path / "a" / "google-chrome")


def test_rnnbook_chromium_overrides_and_playwright_comes_last(tmp_path):
    own = Path(_executables(tmp_path / "own", "my-chrome")) / "my-chrome"
    path = _executables(tmp_path / "bin", "chromium")
    assert browser_setup.find_browser(path, env={"RNNBOOK_CHROMIUM": str(own)}, playwright=None) == str(own)
    empty = _executables(tmp_path / "empty")
    assert browser_setup.find_browser(empty, env={}, playwright=lambda: "/pw/chrome") == "/pw/chrome"
    assert browser_setup.find_browser(empty, env={}, playwright=lambda: None) is None
    # a custom candidates list (a system whose browser has another name)
    path = _executables(tmp_path / "other", "brave-browser")
    assert browser_setup.find_browser(path, env={}, candidates=("brave-browser",), playwright=None)


@pytest.mark.parametrize("browser, tools, root, apt, expected", [
    ("/usr/bin/chromium", True, True, True, ("/usr/bin/chromium", [])),
    ("/usr/bin/chromium", True, False, False, ("/usr/bin/chromium", [])),
    (None, True, True, True, (None, ["chromium"])),
    (None, False, True, True, (None, ["chromium", "poppler-utils"])),
    ("/usr/bin/chromium", False, True, True, ("/usr/bin/chromium", ["poppler-utils"])),
    (None, False, False, True, (None, [])),   # not root: nothing installed
    (None, False, True, False, (None, [])),   # not Debian/Ubuntu: nothing installed
    ("/opt/chrome", False, False, False, ("/opt/chrome", [])),
])
def test_plan(browser, tools, root, apt, expected):
    decision = browser_setup.plan(browser, tools, root, apt)
    assert (decision.browser, decision.install) == expected
    assert decision.reason


def test_a_korean_font_comes_with_the_browser():
    """The glossary's Korean terms need a font that has them, or the PDF shows empty boxes."""
    assert browser_setup.plan("/usr/bin/chromium", True, True, True, korean_font=False).install == [
        browser_setup.KOREAN_FONT_PACKAGE]
    assert browser_setup.plan(None, False, True, True, korean_font=False).install == [
        "chromium", "poppler-utils", browser_setup.KOREAN_FONT_PACKAGE]
    decision = browser_setup.plan("/usr/bin/chromium", True, False, True, korean_font=False)
    assert decision.install == [] and "Korean" in decision.reason


def test_the_reasons_name_what_to_do():
    assert "only root" in browser_setup.plan(None, True, False, True).reason
    assert "not Debian or Ubuntu" in browser_setup.plan(None, True, True, False).reason
    assert "poppler-utils" in browser_setup.plan("/x/chrome", False, False, False).reason


def test_os_release(tmp_path):
    release = tmp_path / "os-release"
    for text, expected in [('ID=debian\n', True), ('ID=ubuntu\nID_LIKE=debian\n', True),
                           ('ID=linuxmint\nID_LIKE="ubuntu debian"\n', True), ('ID=fedora\n', False)]:
        release.write_text(text)
        assert browser_setup.apt_system(release) is (expected and browser_setup.shutil.which("apt-get")
                                                     is not None), text
    assert browser_setup.apt_system(tmp_path / "missing") is False


def test_the_command_prints_the_browser_it_found(tmp_path):
    """Run as make runs it, without --install: it installs nothing and prints the path."""
    folder = _executables(tmp_path / "bin", "chromium")
    env = {**os.environ, "PATH": os.pathsep.join([folder, os.environ.get("PATH", "")]),
           "RNNBOOK_CHROMIUM": ""}
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "browser_setup.py")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(Path(folder) / "chromium")
    assert done.stderr.startswith("browser_setup: ")
