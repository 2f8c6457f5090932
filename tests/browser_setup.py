"""Which Chromium the browser checks and the PDF use, installing Debian's when there is none and we may.

``make pdf`` and ``make test`` run ``python tests/browser_setup.py --install``,
which prints the browser's path (nothing when there is none) and says on
stderr what it did:

1. **A browser is found**: ``$RNNBOOK_CHROMIUM`` if set, else the first of
   :data:`CANDIDATES` on ``PATH`` (Debian's ``chromium``, Ubuntu's
   ``chromium-browser``, Google Chrome), else the Chromium that Playwright
   downloaded for itself (``playwright install chromium``), if any.
2. **None is found, and this is root on Debian or Ubuntu** (``apt-get``
   present): ``apt-get update && apt-get install -y chromium poppler-utils``
   (poppler's ``pdftotext``/``pdftoppm`` read the PDF), then 1 again. The
   same happens for poppler-utils alone when the browser is there but the
   PDF tools are not, and for ``fonts-nanum`` when no font has Korean
   letters (the glossary gives each term in Korean; without such a font the
   PDF shows empty boxes).
3. **Otherwise** nothing is installed and the path is empty: ``make pdf``
   fails, saying so, and ``make test`` skips the PDF and the browser checks
   and says so in its last line.

The decision is :func:`plan`, a pure function of what was found, tested in
``tests/book/test_browser_setup.py`` without installing or removing anything.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

#: Browser commands looked up on PATH, in order.
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
#: The commands of poppler-utils that read the PDF.
PDF_TOOLS = ("pdftotext", "pdftoppm", "pdfinfo")
#: Distributions whose packages ``chromium`` and ``poppler-utils`` are installed with apt-get.
APT_SYSTEMS = {"debian", "ubuntu"}
#: Debian's package of a font with Korean letters (Nanum, about 10 MB).
KOREAN_FONT_PACKAGE = "fonts-nanum"


@dataclass
class Plan:
    """What to do: use a browser, install packages first, or go without one (``reason`` says why)."""

    browser: str | None
    install: list[str] = field(default_factory=list)
    reason: str = ""


def plan(browser: str | None, pdf_tools: bool, root: bool, apt: bool, korean_font: bool = True) -> Plan:
    """The decision, from what was found.

    ``browser``: the path found (None if none); ``pdf_tools``: whether every
    command of :data:`PDF_TOOLS` is on PATH; ``root``: whether we run as root;
    ``apt``: whether this is Debian or Ubuntu with ``apt-get``; ``korean_font``:
    whether a font with Korean letters is installed.
    """
    packages = ([] if browser else ["chromium"]) + ([] if pdf_tools else ["poppler-utils"])
    packages += [] if korean_font else [KOREAN_FONT_PACKAGE]
    if packages and root and apt:
        return Plan(browser, packages, f"installing Debian's {' and '.join(packages)}")
    if browser is None:
        if not apt:
            why = "this is not Debian or Ubuntu, where it could be installed with apt-get"
        else:
            why = "only root can install it (apt-get install -y chromium poppler-utils)"
        return Plan(None, [], f"no Chromium or Chrome found on PATH or from Playwright, and {why}")
    if not pdf_tools:
        return Plan(browser, [], f"using {browser}; poppler-utils ({', '.join(PDF_TOOLS)}) is missing")
    if not korean_font:
        return Plan(browser, [], f"using {browser}; no font has Korean letters ({KOREAN_FONT_PACKAGE})")
    return Plan(browser, [], f"using {browser}")


def has_korean_font() -> bool:
    """Whether fontconfig knows a font with Korean letters (True where it cannot tell)."""
    if shutil.which("fc-list") is None:
        return True
    listed = subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True, text=True)
    return listed.returncode != 0 or bool(listed.stdout.strip())


def playwright_chromium() -> str | None:
    """The Chromium that Playwright downloaded for itself, if it is there."""
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            path = playwright.chromium.executable_path
    except Exception:  # noqa: BLE001 (no Playwright, no driver, no browser)
        return None
    return path if path and os.access(path, os.X_OK) else None


def find_browser(path: str | None = None, env: dict | None = None,
                 candidates: tuple[str, ...] = CANDIDATES, playwright=playwright_chromium) -> str | None:
    """The browser to use (see the module docstring), looking on ``path`` (default: ``$PATH``)."""
    env = os.environ if env is None else env
    explicit = (env.get("RNNBOOK_CHROMIUM") or "").strip()
    if explicit:
        found = explicit if os.access(explicit, os.X_OK) else shutil.which(explicit, path=path)
        if found:
            return found
    for name in candidates:
        found = shutil.which(name, path=path)
        if found:
            return found
    return playwright() if playwright else None


def apt_system(os_release: Path = Path("/etc/os-release")) -> bool:
    """Whether this is Debian or Ubuntu (or a derivative) with apt-get."""
    if shutil.which("apt-get") is None:
        return False
    try:
        text = os_release.read_text(encoding="utf-8")
    except OSError:
        return False
    values = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    names = {values.get("ID", "").strip('"')} | set(values.get("ID_LIKE", "").strip('"').split())
    return bool(names & APT_SYSTEMS)


def install(packages: list[str]) -> bool:
    """``apt-get update && apt-get install -y PACKAGES``; whether it worked."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", *packages]):
        if subprocess.run(command, env=env, stdout=sys.stderr).returncode != 0:
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--install", action="store_true",
                        help="install Debian's chromium and poppler-utils if missing (as root)")
    args = parser.parse_args(argv)
    found = find_browser()
    tools = all(shutil.which(tool) for tool in PDF_TOOLS)
    root = os.geteuid() == 0 if hasattr(os, "geteuid") else False
    decision = plan(found, tools, root, apt_system(), has_korean_font())
    if decision.install and args.install:
        print(f"browser_setup: {decision.reason}", file=sys.stderr)
        if install(decision.install):
            found = find_browser()
            tools = all(shutil.which(tool) for tool in PDF_TOOLS)
            decision = plan(found, tools, False, True, has_korean_font())
            if found is None:
                decision.reason = "apt-get installed chromium, but no chromium is on PATH"
        else:
            decision = Plan(found, [], f"apt-get install -y {' '.join(decision.install)} failed")
    elif decision.install:
        decision = Plan(found, [], f"{' and '.join(decision.install)} missing (--install installs them)")
    print(f"browser_setup: {decision.reason}", file=sys.stderr)
    print(decision.browser or "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
