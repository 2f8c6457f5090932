"""Colab and Binder buttons that open a page's downloadable notebook, when the book names its repository.

Jupyter Book 1 reads the standard keys of ``_config.yml``::

    repository:
      url: https://github.com/ORG/REPO   # "" (the default): no launch buttons
      branch: main
    launch_buttons:
      colab_url: https://colab.research.google.com
      binderhub_url: https://mybinder.org
      notebook_interface: classic       # or jupyterlab

sphinx-book-theme's own buttons open the page's *source* in the repository, a
MyST-markdown file that Colab cannot open and that holds no outputs. This
module takes the Colab and Binder URLs from the theme (so that it adds none of
its own) and puts, on every page offered as a notebook
(``notebook_downloads.py``), a launch menu whose entries open that notebook,
the book's outputs included, where the built site is published: the branch
``course_published_branch`` of the same repository (``gh-pages`` unless set,
as ``ghp-import -n -p -f _build/html`` publishes it), at
``_notebooks/<page>.ipynb``, the wheel of the companion package beside it.

- **Colab** (GitHub repositories): ``<colab_url>/github/ORG/REPO/blob/BRANCH/_notebooks/<page>.ipynb``.
  Colab fetches the notebook alone, so unless ``course_wheel_url`` is set, the
  set-up cell installs the wheel from that branch (its raw GitHub URL).
- **Binder**: ``<binderhub_url>/v2/gh/ORG/REPO/BRANCH?urlpath=tree/_notebooks/<page>.ipynb``
  (``v2/git/<url>`` for a repository not on GitHub). Binder builds its
  environment from ``binder/requirements.txt``, which the build writes into
  the site: the packages the notebooks import, at the versions of
  ``constraints.txt``; the set-up cell installs the wheel next to the notebook.

With no repository URL, or neither launch URL, no page has a launch menu.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from sphinx.application import Sphinx
from sphinx.util import logging

import notebook_downloads

LOGGER = logging.getLogger(__name__)

#: Packages the downloaded notebooks import (Binder installs them at the book's versions).
RUNTIME_PACKAGES = (
    "ipykernel", "numpy", "pandas", "scipy", "statsmodels", "scikit-learn", "matplotlib",
    "tqdm", "tensorflow", "keras", "torch",
)
#: Prefixes of the notebook interfaces (as sphinx-book-theme spells them).
INTERFACES = {"classic": "tree", "jupyterlab": "lab/tree"}


def _repository(url: str) -> tuple[str, str, str] | None:
    """``https://github.com/ORG/REPO(.git)`` -> (host URL, ORG, REPO); None if it has no ORG/REPO."""
    match = re.match(r"^(https?://[^/]+)/([^/]+)/([^/]+?)(?:\.git)?/?$", url.strip())
    return (match[1], match[2], match[3]) if match else None


def take_launch_urls(app: Sphinx, config) -> None:
    """Keep the repository and the Colab/Binder URLs for this module; the theme gets none."""
    options = config.html_theme_options
    launch = dict(options.get("launch_buttons") or {})
    settings = {
        "colab_url": (launch.get("colab_url") or "").strip().rstrip("/"),
        "binderhub_url": (launch.get("binderhub_url") or "").strip().rstrip("/"),
        "interface": launch.get("notebook_interface") or "classic",
        "repository": _repository(options.get("repository_url") or ""),
        "branch": config.course_published_branch or "gh-pages",
    }
    if settings["interface"] not in INTERFACES:
        raise ValueError(f"launch_buttons.notebook_interface must be one of {sorted(INTERFACES)}. "
                         f"Received: {settings['interface']!r}")
    if options.get("repository_url") and settings["repository"] is None:
        raise ValueError("repository.url must be a repository's address, https://HOST/ORG/REPO. "
                         f"Received: {options.get('repository_url')!r}")
    if "launch_buttons" in options:
        options["launch_buttons"] = {**launch, "colab_url": "", "binderhub_url": ""}
    app._course_launch = settings
    repo = settings["repository"]
    if repo and settings["colab_url"] and repo[0] == "https://github.com" and not config.course_wheel_url:
        wheel = notebook_downloads.wheel_name(Path(app.srcdir) / "companion")
        config.course_wheel_url = (f"https://raw.githubusercontent.com/{repo[1]}/{repo[2]}/"
                                   f"{settings['branch']}/{notebook_downloads.NOTEBOOKS_DIR}/{wheel}")


def launch_links(settings: dict, notebook: str) -> list[dict]:
    """The theme's button entries (``type``, ``url``, ...) opening ``notebook`` (path in the site)."""
    repo = settings.get("repository")
    if repo is None:
        return []
    host, org, name = repo
    branch = settings["branch"]
    buttons = []
    if settings["colab_url"] and host == "https://github.com":
        buttons.append({
            "type": "link", "text": "Colab", "label": "colab-button",
            "url": f"{settings['colab_url']}/github/{org}/{name}/blob/{branch}/{notebook}",
            "tooltip": "Open this page's notebook in Colab",
            "icon": "_static/images/logo_colab.png",
        })
    if settings["binderhub_url"]:
        where = (f"gh/{org}/{name}" if host == "https://github.com"
                 else f"git/{quote(f'{host}/{org}/{name}', safe='')}")
        buttons.append({
            "type": "link", "text": "Binder", "label": "binder-button",
            "url": (f"{settings['binderhub_url']}/v2/{where}/{branch}"
                    f"?urlpath={INTERFACES[settings['interface']]}/{notebook}"),
            "tooltip": "Open this page's notebook on Binder",
            "icon": "_static/images/logo_binder.svg",
        })
    return buttons


def add_launch_menu(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Put the launch menu first among the header's buttons of a page offered as a notebook."""
    settings = getattr(app, "_course_launch", None)
    if (doctree is None or not settings or app.builder.name != "html"
            or not notebook_downloads.is_notebook_page(app, pagename)):
        return
    notebook = f"{notebook_downloads.NOTEBOOKS_DIR}/{notebook_downloads.notebook_name(pagename)}"
    buttons = launch_links(settings, notebook)
    if buttons and "header_buttons" in context:
        context["header_buttons"].insert(0, {
            "type": "group", "tooltip": "Open this page's notebook", "icon": "fas fa-rocket",
            "buttons": buttons, "label": "launch-buttons",
        })


def binder_requirements(root: Path) -> str:
    """``binder/requirements.txt``: :data:`RUNTIME_PACKAGES` at the versions of ``constraints.txt``."""
    pins = {}
    constraints = root / "constraints.txt"
    if constraints.is_file():
        for line in constraints.read_text(encoding="utf-8").splitlines():
            name, sep, version = line.partition("==")
            if sep:
                pins[re.sub(r"[-_.]+", "-", name.strip()).lower()] = version.strip()
    lines = ["# The packages the book's notebooks import, at the book's versions (for Binder)."]
    lines += [f"{name}=={pins[name]}" if name in pins else name for name in RUNTIME_PACKAGES]
    return "\n".join(lines) + "\n"


def write_binder_environment(app: Sphinx, exception: Exception | None) -> None:
    """Write ``binder/requirements.txt`` into the site when a Binder button is offered."""
    settings = getattr(app, "_course_launch", None) or {}
    if exception is not None or app.builder.name != "html":
        return
    if not (settings.get("binderhub_url") and settings.get("repository")):
        return
    target = Path(app.outdir) / "binder" / "requirements.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(binder_requirements(Path(app.srcdir)), encoding="utf-8")


def setup(app: Sphinx) -> dict:
    # the branch where the built site (and so _notebooks/) is published
    app.add_config_value("course_published_branch", "gh-pages", "env", types=[str])
    app.connect("config-inited", take_launch_urls, priority=400)
    app.connect("html-page-context", add_launch_menu, priority=503)
    app.connect("build-finished", write_binder_environment)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
