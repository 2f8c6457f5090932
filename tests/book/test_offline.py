"""The course works without a network: for the chapters, the package and the built book.

Three kinds of evidence:

1. ``make test`` runs its pytest runs (nbval over every chapter, and tests/)
   inside a private network namespace with only the loopback interface
   (``unshare --net`` as root) and sets ``RNNBOOK_OFFLINE=1`` there;
   :func:`test_network_is_unavailable` confirms the namespace really is
   offline, so a chapter that downloads anything fails in nbval.
   (``test_determinism.py`` also runs chapter 1 with a socket guard in the
   kernel, which needs no privileges.)
2. A static scan: no chapter's code cells and no package module call a
   download API (urllib, requests, ``keras.utils.get_file``, torchvision's
   ``download=True``, tensorflow-datasets, scikit-learn's ``fetch_*``,
   ``pandas.read_csv`` of a URL, ``!wget`` and the like). The scanner is
   itself tested on snippets that it must and must not flag.
3. The built HTML refers to no external script, stylesheet, image or font.
"""

from __future__ import annotations

import ast
import os
import re
import socket
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "book").glob("*.md"))
PACKAGE_MODULES = sorted((ROOT / "companion" / "src").rglob("*.py"))
BOOK_PYTHON = sorted((ROOT / "book").rglob("*.py"))

# ---------------------------------------------------------------------------
# 1. Offline execution
# ---------------------------------------------------------------------------


def test_network_is_unavailable():
    """Under ``make test`` (``RNNBOOK_OFFLINE=1``) only the loopback interface exists."""
    if os.environ.get("RNNBOOK_OFFLINE") != "1":
        if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail(
                "CI must run the tests offline: `make test` runs them under `unshare --net` "
                "as root and sets RNNBOOK_OFFLINE=1, which did not happen here",
                pytrace=False,
            )
        pytest.skip("not running offline: `make test` as root runs the tests without a network")
    interfaces = sorted(name for _, name in socket.if_nameindex())
    assert interfaces == ["lo"], f"network interfaces besides loopback: {interfaces}"
    with pytest.raises(OSError):  # 192.0.2.1 (TEST-NET-1) is never reachable; offline it fails at once
        socket.create_connection(("192.0.2.1", 80), timeout=2).close()
    with socket.socket() as server:  # loopback works: kernels and the book server need it
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        socket.create_connection(server.getsockname(), timeout=2).close()


# ---------------------------------------------------------------------------
# 2. No download API in chapters or package
# ---------------------------------------------------------------------------

#: Modules whose only purpose is to reach the network.
NETWORK_MODULES = {
    "urllib.request", "urllib3", "requests", "httpx", "aiohttp", "http.client", "ftplib",
    "pooch", "wget", "gdown", "tensorflow_datasets", "huggingface_hub", "datasets",
    "kaggle", "yfinance", "pandas_datareader", "torchvision.datasets.utils",
}
#: Functions that download when called, whatever module they come from.
DOWNLOAD_CALLS = {
    "urlopen", "urlretrieve", "get_file", "load_dataset", "hf_hub_download",
    "snapshot_download", "load_state_dict_from_url", "download_url",
    "download_and_extract_archive", "download_file_from_google_drive",
    "get_rdataset", "webuse",  # statsmodels: R datasets and Stata files come from the web
}
URL_PREFIX = re.compile(r"^\s*(https?|ftp)://", re.IGNORECASE)
#: Shell escapes and magics in a notebook that reach the network.
NETWORK_SHELL = re.compile(r"^\s*[!%]+\s*(pip|conda|mamba|uv|wget|curl|git|apt|apt-get)\b")


def _dotted(node: ast.AST) -> str:
    """``a.b.c`` for an attribute chain, ``""`` for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def _is_url(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(URL_PREFIX.match(node.value))
    if isinstance(node, ast.JoinedStr) and node.values:
        return _is_url(node.values[0])
    return False


def download_calls(code: str) -> list[str]:
    """Every place in Python ``code`` that imports a network module or downloads."""
    found = []
    lines = code.splitlines()
    for number, line in enumerate(lines, 1):  # notebook shell escapes first
        if NETWORK_SHELL.match(line):
            found.append(f"line {number}: shell command {line.strip()!r}")
    # Magics and shell escapes are not Python: blank them out before parsing.
    python = "\n".join("" if re.match(r"^\s*[!%]", line) else line for line in lines)
    tree = ast.parse(python)
    sklearn_fetchers: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in NETWORK_MODULES or alias.name.split(".")[0] in NETWORK_MODULES:
                    found.append(f"line {node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            module = node.module
            names = {alias.name for alias in node.names}
            if module in NETWORK_MODULES or module.split(".")[0] in NETWORK_MODULES:
                found.append(f"line {node.lineno}: from {module} import ...")
            if module.startswith("sklearn"):
                sklearn_fetchers |= {name for name in names if name.startswith("fetch_")}
            for name in names & DOWNLOAD_CALLS:
                found.append(f"line {node.lineno}: from {module} import {name}")
        elif isinstance(node, ast.Call):
            name = _dotted(node.func)
            last = name.rsplit(".", 1)[-1]
            where = f"line {node.lineno}: {name or 'call'}(...)"
            if last in DOWNLOAD_CALLS:
                found.append(f"{where} downloads")
            elif last.startswith("fetch_") and (
                last in sklearn_fetchers or "datasets" in name.split(".")
            ):
                found.append(f"{where} is a scikit-learn downloader")
            elif name.startswith("torch.hub.") or name.startswith("hub."):
                found.append(f"{where} uses torch.hub")
            if any(
                kw.arg == "download" and isinstance(kw.value, ast.Constant) and kw.value.value
                for kw in node.keywords
            ):
                found.append(f"{where} passes download=True")
            arguments = list(node.args) + [kw.value for kw in node.keywords]
            if any(_is_url(argument) for argument in arguments):
                found.append(f"{where} is given a URL")
    return found


CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def code_cells(markdown: str) -> list[tuple[int, str]]:
    """(first line number, code) of every ``{code-cell}`` of a MyST chapter, options removed."""
    cells = []
    for match in CODE_CELL.finditer(markdown):
        body = match.group(1)
        start = markdown.count("\n", 0, match.start(1)) + 1
        lines = body.splitlines()
        if lines and lines[0].strip() == "---":  # YAML options block
            end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
            lines = [""] * (end + 1) + lines[end + 1:]
        else:
            while lines and lines[0].startswith(":"):  # short-form options
                lines = lines[1:]
                start += 1
        cells.append((start, "\n".join(lines)))
    return cells


@pytest.mark.parametrize(
    "code",
    [
        "import urllib.request\nurllib.request.urlopen('x')",
        "from urllib.request import urlretrieve",
        "import requests\nrequests.get(u)",
        "import tensorflow_datasets as tfds\ntfds.load('mnist')",
        "path = keras.utils.get_file('jena.zip', origin=u)",
        "from keras.utils import get_file",
        "tf.keras.utils.get_file('x', 'y')",
        "datasets.MNIST('.', download=True)",
        "from sklearn.datasets import fetch_openml\nfetch_openml('mnist_784')",
        "sklearn.datasets.fetch_california_housing()",
        "df = pd.read_csv('https://example.org/data.csv')",
        "df = pd.read_csv(f'https://example.org/{name}.csv')",
        "np.loadtxt('http://example.org/x.txt')",
        "model = torch.hub.load('pytorch/vision', 'resnet18')",
        "!wget https://example.org/data.csv",
        "%pip install somepackage",
        "from huggingface_hub import hf_hub_download",
        "from datasets import load_dataset",
        "co2 = sm.datasets.get_rdataset('CO2').data",
    ],
)
def test_scanner_flags_downloads(code):
    assert download_calls(code), f"the scanner missed a download in: {code!r}"


@pytest.mark.parametrize(
    "code",
    [
        "from rnnbook import data\nseries = data.sine_mixture(3, 51, seed=42)",
        "df = pd.read_csv('local/data.csv')",
        "from sklearn.datasets import load_iris\nload_iris()",
        "fetch_batch = lambda i: i\nfetch_batch(3)",
        "print('see https://example.org for more')",
        "%matplotlib inline\nx = 1",
        "import socket\nsocket.gethostname()",
        "from statsmodels.datasets import co2\nco2.load_pandas().data",
    ],
)
def test_scanner_passes_offline_code(code):
    assert download_calls(code) == []


def test_code_cells_are_extracted():
    chapter = (
        "text\n```{code-cell} ipython3\n:tags: [hide-input]\nimport requests\n```\n"
        "```{code-cell} ipython3\n---\ntags: [x]\n---\nx = 1\n```\n```python\nimport requests\n```\n"
    )
    cells = code_cells(chapter)
    assert [code.strip() for _, code in cells] == ["import requests", "x = 1"]
    assert cells[0][0] == 4  # the line of `import requests` in the chapter


def test_sources_to_scan_exist():
    assert any(path.name.startswith("ch") for path in CHAPTERS), "no chapter found under book/"
    assert any(path.name == "windows.py" and path.parent.name == "data" for path in PACKAGE_MODULES), (
        "no package module found: the scan does not reach rnnbook/data/windows.py")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.name)
def test_chapter_calls_no_download_api(chapter):
    problems = []
    for start, code in code_cells(chapter.read_text(encoding="utf-8")):
        try:
            found = download_calls(code)
        except SyntaxError as error:
            found = [f"cannot parse the cell: {error}"]
        problems += [f"cell at line {start}: {item}" for item in found]
    assert not problems, f"{chapter.name} reaches the network:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "module", PACKAGE_MODULES + BOOK_PYTHON, ids=lambda path: path.relative_to(ROOT).as_posix()
)
def test_module_calls_no_download_api(module):
    found = download_calls(module.read_text(encoding="utf-8"))
    assert not found, f"{module.relative_to(ROOT)} reaches the network:\n" + "\n".join(found)


# ---------------------------------------------------------------------------
# 3. The built HTML fetches nothing from elsewhere
# ---------------------------------------------------------------------------

#: rel values of <link> that make the browser fetch the URL.
FETCHING_RELS = {
    "stylesheet", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch",
    "icon", "shortcut", "apple-touch-icon", "mask-icon", "manifest", "prerender",
}
FETCHED_ATTRIBUTES = {
    ("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
    ("video", "src"), ("video", "poster"), ("audio", "src"), ("embed", "src"),
    ("object", "data"), ("input", "src"), ("track", "src"),
}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""", re.I)


def is_remote(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme in {"http", "https", "ftp"} or url.strip().startswith("//")


class _FetchParser(HTMLParser):
    """Collects every URL a page makes the browser fetch, and the contents of <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fetched: list[tuple[int, str]] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if (tag, name) in FETCHED_ATTRIBUTES or name == "srcset":
                for candidate in value.split(",") if name == "srcset" else [value]:
                    if candidate.strip():
                        self.fetched.append((line, f"<{tag} {name}>", candidate.split()[0]))
            elif name == "style":
                self.fetched += [(line, f"<{tag} style>", url) for url in CSS_URL.findall(value)]
        if tag == "link" and FETCHING_RELS & set(values.get("rel", "").lower().split()):
            self.fetched.append((line, f"<link rel={values.get('rel')}>", values.get("href", "")))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            line = self.getpos()[0]
            self.fetched += [(line, "<style>", url) for url in CSS_URL.findall(data)]


def remote_fetches_in_page(path: Path) -> list[str]:
    parser = _FetchParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return [f"line {line}: {where} {url}" for line, where, url in parser.fetched if is_remote(url)]


def test_html_fetches_nothing_remote(html_dir, book_page):
    remote = remote_fetches_in_page(html_dir / book_page)
    assert not remote, f"{book_page} loads from the network:\n" + "\n".join(remote)


def test_stylesheets_fetch_nothing_remote(html_dir):
    """No stylesheet of the build imports CSS or loads a font or image from elsewhere."""
    remote = []
    for css in sorted(html_dir.rglob("*.css")):
        text = css.read_text(encoding="utf-8", errors="replace")
        remote += [f"{css.relative_to(html_dir)}: {url}" for url in CSS_URL.findall(text)]
    assert not remote, "stylesheets that load from the network:\n" + "\n".join(remote)


@pytest.mark.parametrize(
    "html, expected",
    [
        ('<script src="https://cdn.example.org/x.js"></script>', 1),
        ('<link rel="stylesheet" href="//fonts.example.org/css">', 1),
        ('<img srcset="a.png 1x, https://example.org/b.png 2x">', 1),
        ('<style>@import "https://example.org/a.css"; .x{}</style>', 1),
        ('<div style="background: url(https://example.org/a.png)"></div>', 1),
        ('<a href="https://example.org">a link is not a fetch</a>', 0),
        ('<script src="_static/x.js"></script><link rel="next" href="https://x.org">', 0),
    ],
)
def test_fetch_scanner(tmp_path, html, expected):
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    assert len(remote_fetches_in_page(page)) == expected
