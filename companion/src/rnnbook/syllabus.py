"""Prerequisites and syllabi as data: which chapters each chapter needs, and plans checked against them.

A *plan* (``book/syllabus.yml``) declares, for every chapter, the earlier
chapters it **needs** (it uses what they teach) and those that only **help**,
and a few syllabi. A :class:`Syllabus` is a list of sessions; each session
reads some chapters, in the order listed, and assigns exercises by label
(``ex-ch01-count``). A syllabus is sound when every chapter comes after every
chapter it needs, directly or through others, and assigns only exercises of
chapters already read:

>>> needs = {1: {}, 2: {1: "windows"}, 3: {2: "the cell"}}
>>> plan = Syllabus("short", "Short", "", "day", (Session((1, 3), ()),))
>>> schedule_problems(plan, needs)
['chapter 3 needs chapter 2, which the Short syllabus leaves out']

The times of a session come from the chapters themselves: the
``**Time:** about N minutes to read and run; M more for the exercises.``
line of each chapter (:func:`parse_time`), and the seconds that the book's
build measured for executing it (:func:`read_execution_times`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rnnbook._validate import check_int

#: ``{chapter: {earlier chapter: what is used from it}}``, one such map for needs, one for helps.
Dependencies = Mapping[int, Mapping[int, str]]


@dataclass(frozen=True)
class Session:
    """One session of a syllabus: chapters to read (in order) and exercises to assign.

    ``project`` marks a session given to the case-study assignment.
    """

    chapters: tuple[int, ...]
    exercises: tuple[str, ...]
    focus: str = ""
    project: bool = False


@dataclass(frozen=True)
class Syllabus:
    """A named plan: ``sessions`` in teaching order, each one ``unit`` ("day", "week")."""

    key: str
    title: str
    audience: str
    unit: str
    sessions: tuple[Session, ...]

    @property
    def order(self) -> list[int]:
        """Every chapter read, in reading order."""
        return [n for session in self.sessions for n in session.chapters]


@dataclass(frozen=True)
class Plan:
    """The course's declared prerequisites and its syllabi."""

    needs: dict[int, dict[int, str]]
    helps: dict[int, dict[int, str]]
    syllabi: dict[str, Syllabus]


@dataclass(frozen=True)
class Chapter:
    """What a chapter's source says about itself.

    ``read_minutes`` is its estimate to read and run it, ``exercise_minutes``
    the estimate for all its ``exercises``, each ``(label, title)``.
    """

    number: int
    label: str
    title: str
    read_minutes: float
    exercise_minutes: float
    exercises: tuple[tuple[str, str], ...]

    @property
    def exercise_labels(self) -> list[str]:
        return [label for label, _ in self.exercises]


# --- the plan as data ----------------------------------------------------------------------


def _chapter_map(name: str, value) -> dict[int, str]:
    """``{chapter: reason}`` from a mapping with integer keys (None: empty)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"`{name}` must be a mapping of chapter numbers to what is used "
                        f"from them. Received: {name}={value!r}")
    return {check_int(f"{name} key", k, minimum=1): str(v) for k, v in value.items()}


def parse_plan(data: Mapping) -> Plan:
    """A :class:`Plan` from the parsed contents of ``syllabus.yml``.

    Raises
    ------
    ValueError
        If a chapter needs or helps itself or a later chapter, names an
        undeclared chapter, or a syllabus session is malformed.
    """
    if not isinstance(data, Mapping) or "prerequisites" not in data:
        raise ValueError("`data` must be a mapping with a 'prerequisites' entry. "
                         f"Received: {type(data).__name__} without one")
    needs, helps = {}, {}
    for key, entry in data["prerequisites"].items():
        n = check_int("prerequisites key", key, minimum=1)
        entry = entry or {}
        needs[n] = _chapter_map(f"prerequisites[{n}].needs", entry.get("needs"))
        helps[n] = _chapter_map(f"prerequisites[{n}].helps", entry.get("helps"))
    for kind, table in (("needs", needs), ("helps", helps)):
        for n, earlier in table.items():
            bad = sorted(m for m in earlier if m >= n or m not in needs)
            if bad:
                raise ValueError(
                    f"`prerequisites[{n}].{kind}` must name declared chapters before "
                    f"chapter {n}. Received: {bad}")
    syllabi = {key: _syllabus(key, value, needs)
               for key, value in (data.get("syllabi") or {}).items()}
    return Plan(needs, helps, syllabi)


def _syllabus(key: str, value: Mapping, needs: Mapping) -> Syllabus:
    sessions = []
    for i, s in enumerate(value.get("sessions") or []):
        chapters = tuple(check_int(f"syllabi[{key}].sessions[{i}].chapters", n, minimum=1)
                         for n in s.get("chapters") or [])
        unknown = [n for n in chapters if n not in needs]
        if unknown:
            raise ValueError(f"`syllabi[{key}].sessions[{i}].chapters` must be declared "
                             f"chapters. Received: {unknown}")
        sessions.append(Session(chapters, tuple(s.get("exercises") or ()),
                                str(s.get("focus", "")), bool(s.get("project", False))))
    return Syllabus(key, str(value.get("title", key)), str(value.get("audience", "")),
                    str(value.get("unit", "session")), tuple(sessions))


def read_plan(path: str | Path) -> Plan:
    """Read and check ``syllabus.yml`` (needs PyYAML, which Jupyter Book installs)."""
    import yaml  # only here: the rest of the package does not need it

    return parse_plan(yaml.safe_load(Path(path).read_text(encoding="utf-8")))


# --- what the prerequisites imply ----------------------------------------------------------


def required(needs: Dependencies, chapter: int) -> set[int]:
    """Every chapter that ``chapter`` needs, directly or through the chapters it needs."""
    found, todo = set(), [chapter]
    while todo:
        for m in needs.get(todo.pop(), {}):
            if m not in found:
                found.add(m)
                todo.append(m)
    return found


def direct_needs(needs: Dependencies, chapter: int) -> list[int]:
    """The needs of ``chapter`` that no other need implies (1 -> 3 -> 5 makes 1 -> 5 implied)."""
    own = needs.get(chapter, {})
    return sorted(m for m in own if not any(m in required(needs, k) for k in own if k != m))


def needed_by(needs: Dependencies, chapter: int) -> list[int]:
    """The chapters that need ``chapter``, directly or through others."""
    return sorted(n for n in needs if chapter in required(needs, n))


def schedule_problems(
    syllabus: Syllabus, needs: Dependencies, exercises: Mapping[int, list[str]] | None = None
) -> list[str]:
    """What is wrong with a syllabus, one sentence each; empty if nothing.

    A chapter read before a chapter it needs, a needed chapter left out, a
    chapter read twice; with ``exercises`` (``{chapter: labels}``), an
    exercise that no chapter has, or one assigned before its chapter is read.
    """
    problems, read = [], []
    owner = {label: n for n, labels in (exercises or {}).items() for label in labels}
    for k, session in enumerate(syllabus.sessions, start=1):
        for n in session.chapters:
            if n in read:
                problems.append(f"{syllabus.unit} {k} reads chapter {n} a second time")
            for m in sorted(required(needs, n)):
                if m not in syllabus.order:
                    problems.append(f"chapter {n} needs chapter {m}, which the "
                                    f"{syllabus.title} syllabus leaves out")
                elif m not in read:
                    problems.append(f"{syllabus.unit} {k} reads chapter {n} before chapter "
                                    f"{m}, which it needs")
            read.append(n)
        if exercises is None:
            continue
        for label in session.exercises:
            if label not in owner:
                problems.append(f"{syllabus.unit} {k} assigns {label}, which no chapter has")
            elif owner[label] not in read:
                problems.append(f"{syllabus.unit} {k} assigns {label} before chapter "
                                f"{owner[label]} is read")
    return list(dict.fromkeys(problems))  # each problem once, in order


def check_syllabus(
    syllabus: Syllabus, needs: Dependencies, exercises: Mapping[int, list[str]] | None = None
) -> Syllabus:
    """Return ``syllabus`` if :func:`schedule_problems` finds nothing, else raise ValueError."""
    problems = schedule_problems(syllabus, needs, exercises)
    if problems:
        raise ValueError(f"`syllabus` {syllabus.key!r} must read every chapter after the "
                         f"chapters it needs. Received: " + "; ".join(problems))
    return syllabus


# --- what the chapters say about themselves --------------------------------------------------

_TIME = re.compile(r"\*\*Time:\*\*\s*about\s+(.+?)\s+to read and run;\s*(.+?)\s+more for the"
                   r"\s+exercises", re.DOTALL)
_EXERCISE = re.compile(r"^(?:`{3,}|:{3,})\{exercise\}[ \t]*(.*)\n:label:[ \t]*(\S+)", re.MULTILINE)


def _minutes(phrase: str) -> float:
    """``"45 minutes"``, ``"40"`` -> 45.0, 40.0; ``"an hour"`` -> 60.0; ``"1.5 hours"`` -> 90.0."""
    words = " ".join(phrase.split())
    if words in ("an hour", "one hour"):
        return 60.0
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s+(minutes?|hours?))?", words)
    if match is None:
        raise ValueError(f"A time must read 'N minutes', 'N hours' or 'an hour'. "
                         f"Received: {phrase!r}")
    return float(match.group(1)) * (60.0 if (match.group(2) or "").startswith("hour") else 1.0)


def parse_time(text: str) -> tuple[float, float]:
    """(minutes to read and run, minutes for the exercises) from a chapter's Time line.

    >>> parse_time("**Time:** about 45 minutes to read and run; an hour more for the exercises.")
    (45.0, 60.0)
    """
    match = _TIME.search(text)
    if match is None:
        raise ValueError("`text` must hold a line '**Time:** about N minutes to read and run; "
                         "M more for the exercises.' Received: none found")
    return _minutes(match.group(1)), _minutes(match.group(2))


def parse_exercises(text: str) -> tuple[tuple[str, str], ...]:
    """``(label, title)`` of every ``{exercise}`` block, in order (backticks dropped)."""
    return tuple((label, title.replace("`", "").strip())
                 for title, label in _EXERCISE.findall(text))


def read_chapter(path: str | Path) -> Chapter:
    """The number (from the file name ``chNN_*.md``), label, title, times and exercises."""
    path = Path(path)
    match = re.match(r"ch(\d\d)_", path.name)
    if match is None:
        raise ValueError(f"`path` must name a chapter source chNN_*.md. Received: {path.name}")
    text = path.read_text(encoding="utf-8")
    label = re.search(r"^\((ch-[\w-]+)\)=\s*$", text, re.MULTILINE)
    title = re.search(r"^# (.+)$", text, re.MULTILINE)
    read_minutes, exercise_minutes = parse_time(text)
    return Chapter(int(match.group(1)), label.group(1) if label else "",
                   title.group(1).strip() if title else path.stem, read_minutes,
                   exercise_minutes, parse_exercises(text))


def read_chapters(folder: str | Path) -> dict[int, Chapter]:
    """Every chapter source ``chNN_*.md`` of ``folder``, by number."""
    chapters = [read_chapter(p) for p in sorted(Path(folder).glob("ch[0-9][0-9]_*.md"))]
    return {c.number: c for c in chapters}


#: Words that make a clause of a Prerequisites line a help rather than a need.
_OPTIONAL = re.compile(r"\bhelps?\b|not required|only for context|\balthough\b|\boptional\b"
                       r"|\buseful\b|\brecommended\b")


def stated_prerequisites(text: str, labels: Mapping[str, int]) -> tuple[set[int], set[int]]:
    r"""(needed, helpful) chapters that a chapter's own ``**Prerequisites:**`` line names.

    A chapter is named as "chapter 3", "chapters 5 and 6" or by a ``{ref}`` to
    its label (``labels``: ``{"ch-tanh": 2, ...}``). It is helpful when its
    clause (up to a ";" or a full stop) says so: "helps", "not required",
    "only for context", "although", "optional"; otherwise needed.

    >>> line = "**Prerequisites:** chapters 1 and 3. Chapter 4 helps.\n\n"
    >>> stated_prerequisites(line, {})
    ({1, 3}, {4})
    """
    match = re.search(r"\*\*Prerequisites:\*\*(.+?)(?:\n\s*\n|\n:::)", text, re.DOTALL)
    needed, helpful = set(), set()
    for clause in re.split(r"(?<=[.;])\s+", match.group(1) if match else ""):
        found = {labels[m] for m in re.findall(r"\{ref\}`(?:[^`<]*<)?([\w-]+)>?`", clause)
                 if m in labels}
        for span in re.findall(r"[Cc]hapters?\s+((?:\d+(?:\s*,\s*|\s+(?:and|or)\s+)?)+)",
                               clause):
            found.update(int(n) for n in re.findall(r"\d+", span))
        (helpful if _OPTIONAL.search(clause) else needed).update(found)
    return needed, helpful - needed


# --- times and plans -------------------------------------------------------------------------


def read_execution_times(path: str | Path) -> dict[int, float | None]:
    """Seconds the build took to execute each chapter, from its ``execution_times.json``.

    Returns ``{chapter: seconds}``, with None for a chapter whose execution
    failed in that build; chapters absent from the record are absent here.
    """
    summary = json.loads(Path(path).read_text(encoding="utf-8"))
    times = {}
    for row in summary.get("pages", []):
        match = re.fullmatch(r"(?:.*/)?ch(\d\d)_[\w-]+", str(row.get("page", "")))
        if match:
            ok = bool(row.get("succeeded", True))
            times[int(match.group(1))] = float(row["seconds"]) if ok else None
    return times


def session_minutes(session: Session, chapters: Mapping[int, Chapter]) -> tuple[float, float]:
    """(minutes to read and run its chapters, minutes for its exercises).

    An exercise takes an even share of its chapter's estimate for all of its
    exercises: two of four exercises of a chapter with "40 more for the
    exercises" take 20 minutes.
    """
    reading = sum(chapters[n].read_minutes for n in session.chapters)
    homework = 0.0
    for c in chapters.values():
        assigned = [label for label in session.exercises if label in c.exercise_labels]
        if assigned:
            homework += c.exercise_minutes * len(assigned) / len(c.exercises)
    return reading, homework
