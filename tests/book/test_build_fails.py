"""The book's build fails when a solution's code raises or a claim's assertion fails.

Every solution is a code cell that the build runs, and every claim the prose
makes has a hidden cell that asserts it (``tests/book/test_sources.py`` checks
that they are there). That only protects the book if a failing cell stops the
build. This test builds a small book with the course's own configuration
(``_config.yml`` and the extension in ``book/_ext``) and the same command as
``make book`` (``-W``: a failed cell is a warning, and every warning an error),
from two pages written like the chapters: one whose gated solution raises, one
whose hidden assertion fails. The build must fail and name both.

Raw MyST in a built page is caught after the build, by
``tests/book/test_rendering.py``, whose own tests feed it a page that shows some.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from small_book import NOTEBOOK_HEADER as HEADER

ROOT = Path(__file__).resolve().parents[2]


SOLUTION_RAISES = HEADER + """
# A page whose solution crashes

````{exercise} Divide
:label: ex-divide

Divide 1 by the length of an empty list.
````

```{solution-start} ex-divide
:class: dropdown
```

```{code-cell} ipython3
values = []
print(1 / len(values))
```

```{solution-end}
```
"""

CLAIM_FAILS = HEADER + """
# A page whose claim is false

```{code-cell} ipython3
error_small, error_large = 0.5, 0.25
```

The larger model has the larger error.

```{code-cell} ipython3
:tags: [remove-cell]

assert error_large > error_small, "the page says the larger model has the larger error"
```
"""


def test_a_raising_solution_and_a_false_claim_fail_the_build(tmp_path: Path):
    book = tmp_path / "book_root"
    (book / "book").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", book / "_config.yml")
    shutil.copytree(ROOT / "book" / "_ext", book / "book" / "_ext",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "book" / "references.bib", book / "book" / "references.bib")
    shutil.copytree(ROOT / "book" / "_static", book / "book" / "_static")  # favicon, stylesheet
    (book / "companion").mkdir()  # the build zips the package's metadata for the notebooks
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / "companion" / name, book / "companion" / name)
    (book / "book" / "intro.md").write_text("# A small book\n\nTwo pages follow.\n")
    (book / "book" / "solution_raises.md").write_text(SOLUTION_RAISES)
    (book / "book" / "claim_fails.md").write_text(CLAIM_FAILS)
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nchapters:\n"
        "  - file: book/solution_raises\n  - file: book/claim_fails\n"
    )
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    done = subprocess.run(
        [str(jupyter_book), "build", str(book), "--all", "-W", "-n", "--keep-going"],
        capture_output=True, text=True, timeout=600,
    )
    log = done.stdout + done.stderr
    assert done.returncode != 0, "the build succeeded although a solution raised and a claim failed:\n" + log[-3000:]
    # The build failed because of the two cells, and for nothing else.
    warnings = [line for line in log.splitlines() if "WARNING:" in line and "IPKernelApp" not in line]
    unrelated = [line for line in warnings if "solution_raises" not in line and "claim_fails" not in line]
    assert not unrelated, "the small book's build has other warnings:\n" + "\n".join(unrelated)
    reports = book / "_build" / "html" / "reports" / "book"
    for page, error in [
        ("solution_raises", "ZeroDivisionError"),
        ("claim_fails", "AssertionError: the page says the larger model has the larger error"),
    ]:
        assert any(page in line and "Executing notebook failed" in line for line in warnings), (
            f"the build did not report the failed execution of {page}:\n" + "\n".join(warnings))
        traceback = re.sub(r"\x1b\[[0-9;]*m", "", (reports / f"{page}.err.log").read_text())
        assert error in traceback, f"the traceback of {page} does not show {error!r}:\n{traceback}"
