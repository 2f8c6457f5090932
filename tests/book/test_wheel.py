"""The companion's wheel installs with no network, in a fresh virtual environment, and imports.

The environment is made with ``python -m venv`` (no system site-packages) and
sees the course's dependencies (NumPy, Matplotlib, scikit-learn, ...) through a
``.pth`` file that names a folder of links to the course environment's
site-packages, without ``rnnbook``: so the ``rnnbook`` that imports is the
wheel's, as for a reader who has the dependencies and installs the wheel
offline. The checks of the built book (``html_dir``) also find the wheel
linked on every chapter page.
"""

from __future__ import annotations

import email
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
COMPANION = ROOT / "companion"
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import notebook_downloads  # noqa: E402

OFFLINE = {"PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}


def _bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


def _site_packages(python: Path) -> Path:
    out = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The companion's wheel, written as the book build writes it."""
    return notebook_downloads.companion_wheel(COMPANION, tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory) -> Path:
    """A new venv (with pip, no system site-packages) that sees the course's dependencies, not rnnbook."""
    base = tmp_path_factory.mktemp("fresh")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    deps = base / "course-deps"
    deps.mkdir()
    course = Path(sysconfig.get_paths()["purelib"])
    for entry in course.iterdir():
        name = entry.name.lower()
        if name.startswith(("rnnbook", "__editable__")) or name.endswith(".pth"):
            continue
        (deps / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    (_site_packages(_bin(venv, "python")) / "course-deps.pth").write_text(f"{deps}\n")
    return venv


def test_wheel_name_and_metadata(wheel):
    project = notebook_downloads._pyproject(COMPANION)
    assert wheel.name == f"rnnbook-{project['version']}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        dist_info = f"rnnbook-{project['version']}.dist-info"
        meta = email.message_from_bytes(archive.read(f"{dist_info}/METADATA"))
        record = archive.read(f"{dist_info}/RECORD").decode()
    assert "rnnbook/__init__.py" in names
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
    sources = {p.relative_to(COMPANION / "src").as_posix()
               for p in (COMPANION / "src" / "rnnbook").rglob("*.py")}
    assert sources <= set(names), f"missing from the wheel: {sorted(sources - set(names))}"
    assert meta["Name"] == "rnnbook" and meta["Version"] == project["version"]
    assert meta.get_all("Requires-Dist")[: len(project["dependencies"])] == project["dependencies"]
    assert 'torch>=2.2; extra == "torch"' in meta.get_all("Requires-Dist")
    assert all(line.count(",") == 2 for line in record.splitlines())
    assert len(record.splitlines()) == len(names)


def test_wheel_is_reproducible(wheel, tmp_path):
    again = notebook_downloads.companion_wheel(COMPANION, tmp_path)
    assert again.read_bytes() == wheel.read_bytes(), "two builds wrote different wheels"


def test_wheel_installs_offline_in_a_fresh_venv(wheel, fresh_venv, tmp_path):
    python = _bin(fresh_venv, "python")
    before = subprocess.run([str(python), "-c", "import rnnbook"], capture_output=True, text=True,
                            cwd=tmp_path)
    assert before.returncode != 0, "the fresh venv already imports rnnbook: the check proves nothing"
    env = {**os.environ, **OFFLINE}
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-index", "--no-deps", str(wheel)],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    code = ("import rnnbook, rnnbook.data, rnnbook.metrics, importlib.metadata as m; "
            "x = rnnbook.data.sine_mixture(2, 20, seed=0); "
            "print(rnnbook.__file__, m.version('rnnbook'), x.shape)")
    used = subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert used.returncode == 0, used.stderr
    path, version, shape = used.stdout.split(" ", 2)
    assert Path(path).resolve().is_relative_to(_site_packages(python).resolve()), path
    assert version == notebook_downloads._pyproject(COMPANION)["version"]
    assert shape.strip() == "(2, 20, 1)"


def test_every_chapter_page_links_the_wheel(html_dir):
    wheels = sorted((html_dir / "_notebooks").glob("rnnbook-*-py3-none-any.whl"))
    assert [w.name for w in wheels] == [notebook_downloads.wheel_name(COMPANION)]
    assert not (html_dir / "_notebooks" / "rnnbook-companion.zip").exists()
    for page in sorted((html_dir / "book").glob("ch*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        link = soup.select_one("a.course-download-wheel")
        assert link is not None, f"{page.name}: no wheel download under the title"
        assert (page.parent / link["href"]).resolve() == wheels[0].resolve()
        menu = soup.select_one(".dropdown-download-buttons a[href$='.whl']")
        assert menu is not None, f"{page.name}: no .whl entry in the download menu"
