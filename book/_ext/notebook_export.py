"""Turn a chapter (a jupytext MyST-markdown notebook) into a plain Jupyter notebook to download.

The book's pages use MyST syntax that only Sphinx understands: directives
(``{exercise}``, ``{solution}``, ``{admonition}``, ``{literalinclude}``),
roles (``{glue:text}``, ``{term}``, ``{cite}``, ``{doc}``) and labels. Jupyter,
JupyterLab and Colab would show them as raw text. :func:`export_notebook`
rewrites them into ordinary Jupyter markdown:

- exercises become headings; solutions become collapsible ``<details>``
  blocks (gated solutions, ``{solution-start}`` ... ``{solution-end}``, keep
  their code cells under a "Solution" heading);
- glued numbers are filled in from the executed notebook of the build,
  ``{term}``/``{doc}``/``{ref}`` roles become their text, ``{cite}`` becomes
  "(Author Year)", ``{literalinclude}`` the included code;
- ``from myst_nb import glue`` gets a fallback, so that the notebook runs
  where myst-nb is not installed (Colab);
- a first cell says what the notebook needs (the companion package), and the
  first code cell (:func:`setup_cell`) installs it when ``import rnnbook``
  fails: from the wheel next to the notebook or, when the book sets one, a
  download URL. Where ``rnnbook`` imports (the book build) it does nothing.

With ``student=True`` every solution is removed instead, from the source
before it is read as a notebook (:func:`myst_source.strip_solutions_text`):
``{solution}`` blocks, gated solutions with their code cells, and code cells
tagged ``solution``. Exercises and their check cells stay.

Used by ``notebook_downloads.py`` (the ``.ipynb`` download of every chapter page) and
by ``student.py`` (``make student``).
"""

from __future__ import annotations

import ast
import codecs
import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat

from myst_source import Block, labels, parse_blocks, strip_solutions_text

BOOK_TITLE = "Recurrent Neural Networks for Sequential Data"
#: The companion package's wheels offered next to the notebooks (``notebook_downloads.py``).
WHEEL_GLOB = "rnnbook-*-py3-none-any.whl"

_ROLE = re.compile(r"\{(?P<role>[\w:.-]*)\}`(?P<text>[^`]*)`")
_GLUE_IMPORT = re.compile(r"^from myst_nb import glue[ \t]*$", re.MULTILINE)

_ADMONITIONS = {
    "note", "tip", "hint", "important", "warning", "caution", "attention", "danger",
    "error", "seealso", "admonition", "margin", "sidebar", "epigraph", "topic",
}

GLUE_FALLBACK = '''try:
    from myst_nb import glue
except ImportError:  # outside the book build: glue() only shows the value
    def glue(name, value, display=True):
        """Stand-in for myst_nb.glue when myst-nb is not installed."""
        if display:
            from IPython.display import display as _show
            _show(value)'''


# ---------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------
def _role_text(text: str) -> str:
    """``"text <target>"`` -> ``"text"``; ``"target"`` -> ``"target"``."""
    match = re.match(r"^(.*?)\s*<([^<>]+)>$", text, re.DOTALL)
    return match.group(1) if match and match.group(1) else text


def _glue_text(spec: str, glue: dict[str, str]) -> str:
    name, _, fmt = spec.partition(":")
    if name not in glue:
        return f"`{name}`"
    value = glue[name]
    if not fmt:
        return value
    try:
        return format(int(value) if fmt.endswith("d") else float(value), fmt)
    except ValueError:
        return value


def replace_roles(text: str, glue: dict[str, str], citations: dict[str, str]) -> str:
    """Rewrite MyST roles in ``text`` as plain markdown."""

    def substitute(match: re.Match) -> str:
        role, body = match["role"], match["text"]
        if role.startswith("glue"):
            return _glue_text(body, glue)
        if role in ("math",):
            return f"${body}$"
        if role == "cite" or role.startswith("cite:"):
            keys = [k.strip() for k in body.split(",")]
            return "(" + "; ".join(citations.get(k, k) for k in keys) + ")"
        if role in ("eq", "numref"):
            return _role_text(body)
        if role in ("code", "literal", "samp", "file", "kbd"):
            return f"`{_role_text(body)}`"
        return _role_text(body)

    return _ROLE.sub(substitute, text)


def load_citations(bib_path: Path) -> dict[str, str]:
    """Map each BibTeX key of ``bib_path`` to "Author Year" (or "Author et al. Year")."""
    try:
        from pybtex.database import parse_file
    except ImportError:
        return {}
    if not bib_path.is_file():
        return {}
    labels = {}
    for key, entry in parse_file(str(bib_path)).entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [_plain(" ".join(p.last_names)) for p in people]
        if len(names) > 2:
            who = f"{names[0]} et al."
        else:
            who = " and ".join(names) or key
        labels[key] = f"{who} {entry.fields.get('year', '')}".strip()
    return labels


def _plain(latex: str) -> str:
    """LaTeX accents and braces of a BibTeX name turned into plain text."""
    try:
        import latexcodec  # noqa: F401  (registers the "ulatex" codec; installed with pybtex)

        latex = codecs.decode(latex, "ulatex")
    except (ImportError, ValueError):
        pass
    return latex.replace("{", "").replace("}", "")


# ---------------------------------------------------------------------------
# Converting markdown
# ---------------------------------------------------------------------------
@dataclass
class Context:
    """What the conversion needs besides the text."""

    source_dir: Path
    glue: dict[str, str] = field(default_factory=dict)
    citations: dict[str, str] = field(default_factory=dict)
    student: bool = False


def _python_object(path: Path, name: str) -> str | None:
    source = path.read_text()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            start = min([d.lineno for d in node.decorator_list] + [node.lineno])
            return "\n".join(source.splitlines()[start - 1 : node.end_lineno])
    return None


def _literalinclude(block: Block, ctx: Context) -> str:
    path = (ctx.source_dir / block.argument).resolve()
    if not path.is_file():
        return f"*(The code of `{block.argument}` is shown in the online book.)*"
    code = None
    if "pyobject" in block.options:
        code = _python_object(path, block.options["pyobject"])
    if code is None:
        code = path.read_text()
    language = block.options.get("language", "python" if path.suffix == ".py" else "")
    return f"From `{Path(block.argument).name}`:\n\n```{language}\n{code.rstrip()}\n```"


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.splitlines())


def convert_markdown(text: str, ctx: Context) -> str:
    """Rewrite one markdown cell's MyST text as Jupyter markdown (see the module docstring)."""
    lines = text.splitlines()
    targets = set(labels(text))

    def prose(first: int, stop: int) -> str:
        kept = [lines[k] for k in range(first, stop) if k not in targets]
        return replace_roles("\n".join(kept), ctx.glue, ctx.citations)

    out: list[str] = []
    cursor = 0
    for block in parse_blocks(text):
        out.append(prose(cursor, block.start))
        out.append(_render(block, ctx, lines))
        cursor = block.end + 1
    out.append(prose(cursor, len(lines)))
    result = "\n".join(part for part in out)
    return re.sub(r"\n{3,}", "\n\n", result).strip("\n")


def _render(block: Block, ctx: Context, lines: list[str]) -> str:
    body = "\n".join(block.body)
    name = block.name
    if name is None:  # a plain code fence: kept verbatim
        return "\n".join(lines[block.start : block.end + 1])
    inner = convert_markdown(body, ctx)
    if name == "exercise":
        title = replace_roles(block.argument, ctx.glue, ctx.citations)
        return f"#### Exercise{': ' + title if title else ''}\n\n{inner}"
    if name == "solution":
        if ctx.student:
            return ""
        return f"<details>\n<summary><b>Solution</b> (click to open)</summary>\n\n{inner}\n\n</details>"
    if name == "solution-start":
        return "" if ctx.student else "#### Solution"
    if name in ("solution-end", "exercise-end"):
        return ""
    if name == "exercise-start":
        title = replace_roles(block.argument, ctx.glue, ctx.citations)
        return f"#### Exercise{': ' + title if title else ''}"
    if name == "dropdown":
        title = replace_roles(block.argument, ctx.glue, ctx.citations) or "Details"
        return f"<details>\n<summary>{title}</summary>\n\n{inner}\n\n</details>"
    if name in _ADMONITIONS:
        title = replace_roles(block.argument, ctx.glue, ctx.citations) or name.capitalize()
        return _quote(f"**{title}**\n\n{inner}")
    if name == "literalinclude":
        return _literalinclude(block, ctx)
    if name == "math":
        return f"$$\n{body.strip()}\n$$"
    if name in ("code-block", "code", "sourcecode"):
        return f"```{block.argument}\n{body}\n```"
    if name in ("figure", "image"):
        caption = inner or block.options.get("alt", "")
        return f"*Figure: {caption} (shown in the online book).*" if caption else ""
    if name in ("bibliography", "tableofcontents", "glossary", "toctree"):
        return ""
    return inner


# ---------------------------------------------------------------------------
# Notebooks
# ---------------------------------------------------------------------------
def read_glue(executed_dir: Path | None, docname: str) -> dict[str, str]:
    """Glued values of a page as text, from myst-nb's ``<docname>.glue.json`` (if present)."""
    if executed_dir is None:
        return {}
    path = executed_dir / f"{docname}.glue.json"
    if not path.is_file():
        return {}
    values = {}
    for name, output in json.loads(path.read_text()).items():
        data = output.get("data", {})
        text = data.get("text/plain")
        if text is None:
            text = next((v for k, v in data.items() if k.endswith("text/plain")), None)
        if isinstance(text, list):
            text = "".join(text)
        if text is not None:
            values[name] = text.strip("'\"")
    return values


#: The first code cell of every notebook; ``{url!r}`` is the wheel's download URL or "".
SETUP_CODE = '''# Set-up: installs the course's companion package `rnnbook` if this Python lacks it.
import pathlib, re, subprocess, sys

COMPANION_URL = {url!r}  # where the book offers the wheel ("" if nowhere)


def companion_wheel(folder=".", url=COMPANION_URL):
    """The newest rnnbook-*.whl in `folder`, else `url`, else None."""
    def version(path):
        return tuple(int(n) for n in re.findall(r"\\d+", path.name.split("-")[1]))
    wheels = sorted(pathlib.Path(folder).glob("rnnbook-*-py3-none-any.whl"), key=version)
    return str(wheels[-1]) if wheels else (url or None)


try:
    import rnnbook
    print(f"rnnbook {{rnnbook.__version__}} is installed: nothing to set up.")
except ImportError:
    wheel = companion_wheel()
    if wheel is None:
        raise ModuleNotFoundError(
            "rnnbook is not installed and no rnnbook-*-py3-none-any.whl is next to this "
            "notebook: download the wheel from the chapter's page, put it here (in Colab: "
            "the Files panel) and run this cell again.")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", wheel], check=True)
    import site, importlib
    site.addsitedir(site.getusersitepackages())  # where pip installs when site-packages is read-only
    importlib.invalidate_caches()
    import rnnbook
    print(f"Installed rnnbook {{rnnbook.__version__}} from {{wheel}}.")'''


def setup_cell(url: str = "") -> str:
    """The source of the set-up cell, with ``url`` as the wheel's download URL."""
    return SETUP_CODE.format(url=url or "")


def _header(student: bool, page_url: str | None) -> str:
    kind = " Student version: the solutions are removed; the check cells stay." if student else ""
    where = f" ({page_url})" if page_url else ""
    return (
        f"> *A chapter of the course **{BOOK_TITLE}**{where}.*{kind}\n"
        ">\n"
        "> **To run it** you need the course's companion package `rnnbook`:\n"
        ">\n"
        "> - in a clone of the course, run `make install` once and open this notebook with the\n"
        ">   Python of `.venv` (for instance `.venv/bin/jupyter lab`, after\n"
        ">   `.venv/bin/pip install jupyterlab`);\n"
        "> - anywhere else (Colab, another Jupyter): download the wheel `rnnbook-<version>-py3-none-any.whl`\n"
        ">   from the link at the top of the chapter's page and put it next to this notebook (in\n"
        ">   Colab: upload it in the *Files* panel); the first code cell installs it. Chapters\n"
        ">   that use Keras or PyTorch also need those frameworks (Colab has both).\n"
        ">\n"
        "> Exercises with a check cell: replace `None` with your answer and run the cell."
    )


def export_notebook(
    source: Path,
    *,
    student: bool = False,
    glue: dict[str, str] | None = None,
    citations: dict[str, str] | None = None,
    page_url: str | None = None,
    wheel_url: str = "",
) -> nbformat.NotebookNode:
    """The chapter at ``source`` (MyST markdown) as a plain Jupyter notebook, not executed.

    Parameters
    ----------
    source : Path
        A jupytext MyST-markdown chapter.
    student : bool
        Remove every solution (see the module docstring).
    glue : dict, optional
        Glued values (name -> text) to fill into the prose, see :func:`read_glue`.
    citations : dict, optional
        BibTeX key -> "Author Year", see :func:`load_citations`.
    page_url : str, optional
        Where the chapter's page lives, for the header cell.
    wheel_url : str
        Where the companion's wheel can be downloaded, for the set-up cell
        (:func:`setup_cell`); "" installs only a wheel next to the notebook.
    """
    source = Path(source)
    text = source.read_text(encoding="utf-8")
    nb = jupytext.reads(strip_solutions_text(text, keep_cells=True) if student else text,
                     fmt="md:myst")
    ctx = Context(source.parent, glue or {}, citations or {}, student)
    cells = []
    for cell in nb.cells:
        cell = copy.deepcopy(cell)
        if cell.cell_type == "markdown":
            cell.source = convert_markdown(cell.source, ctx)
            if not cell.source.strip():
                continue
        elif cell.cell_type == "code":
            cell.source = _GLUE_IMPORT.sub(GLUE_FALLBACK, cell.source)
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    header = nbformat.v4.new_markdown_cell(_header(student, page_url))
    setup = nbformat.v4.new_code_cell(setup_cell(wheel_url))
    setup.metadata["tags"] = ["setup"]
    out = nbformat.v4.new_notebook()
    out.cells = [header, setup] + cells
    out.metadata = {
        "kernelspec": nb.metadata.get(
            "kernelspec", {"display_name": "Python 3", "language": "python", "name": "python3"}
        ),
        "language_info": {"name": "python"},
    }
    return _with_ids(out, source.stem)


def _with_ids(nb: nbformat.NotebookNode, stem: str) -> nbformat.NotebookNode:
    """Give every cell a stable, unique id (nbformat 4.5), so exports are reproducible."""
    for k, cell in enumerate(nb.cells):
        cell["id"] = f"{re.sub(r'[^A-Za-z0-9-]', '-', stem)[:40]}-{k}"
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


def write_notebook(nb: nbformat.NotebookNode, path: Path) -> Path:
    """Validate ``nb`` and write it to ``path`` (folders created)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.validate(nb)
    nbformat.write(nb, str(path))
    return path


def is_notebook_source(path: Path) -> bool:
    """True if ``path`` is a MyST-markdown notebook (a jupytext header with a kernelspec)."""
    path = Path(path)
    if path.suffix != ".md" or not path.is_file():
        return False
    head = path.read_text(encoding="utf-8")[:2000]
    return head.startswith("---") and "kernelspec:" in head.split("\n---", 1)[0]
