"""Prerequisites and syllabi as data: broken syllabi are caught, and the course's own are sound."""

import json
from pathlib import Path

import pytest

from rnnbook import syllabus
from rnnbook.syllabus import Chapter, Session, Syllabus

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "book" / "syllabus.yml"

#: 1 <- 2 <- 3 <- 4, and 5 needs 1 and 4 (so, through 4, also 2 and 3).
NEEDS = {1: {}, 2: {1: "a"}, 3: {2: "b"}, 4: {3: "c"}, 5: {1: "d", 4: "e"}}
EXERCISES = {1: ["ex-1a", "ex-1b"], 2: ["ex-2a"], 3: [], 4: [], 5: ["ex-5a"]}


def plan(*sessions, title="Test"):
    return Syllabus("test", title, "", "day", tuple(Session(*s) for s in sessions))


# --- fabricated syllabi ----------------------------------------------------------------------

def test_a_sound_syllabus_has_no_problems():
    good = plan(((1, 2), ("ex-1a",)), ((3, 4, 5), ("ex-2a", "ex-5a")))
    assert syllabus.schedule_problems(good, NEEDS, EXERCISES) == []
    assert syllabus.check_syllabus(good, NEEDS, EXERCISES) is good


def test_a_chapter_before_one_it_needs():
    late = plan(((1, 3), ()), ((2,), ()))
    assert syllabus.schedule_problems(late, NEEDS) == [
        "day 1 reads chapter 3 before chapter 2, which it needs"]


def test_order_within_a_session_counts():
    assert syllabus.schedule_problems(plan(((2, 1), ())), NEEDS) == [
        "day 1 reads chapter 2 before chapter 1, which it needs"]


def test_a_needed_chapter_left_out_even_through_others():
    # 5 names 1 and 4 only; 4 needs 3, which needs 2: all three are needed
    short = plan(((1, 4, 5), ()), title="Short")
    assert syllabus.schedule_problems(short, NEEDS) == [
        "chapter 4 needs chapter 2, which the Short syllabus leaves out",
        "chapter 4 needs chapter 3, which the Short syllabus leaves out",
        "chapter 5 needs chapter 2, which the Short syllabus leaves out",
        "chapter 5 needs chapter 3, which the Short syllabus leaves out",
    ]


def test_a_chapter_read_twice():
    assert syllabus.schedule_problems(plan(((1,), ()), ((1,), ())), NEEDS) == [
        "day 2 reads chapter 1 a second time"]


def test_exercises_unknown_or_before_their_chapter():
    early = plan(((1,), ("ex-2a", "ex-9z")), ((2,), ("ex-2a",)))
    assert syllabus.schedule_problems(early, NEEDS, EXERCISES) == [
        "day 1 assigns ex-2a before chapter 2 is read",
        "day 1 assigns ex-9z, which no chapter has",
    ]
    # without the exercises, only the chapters are checked
    assert syllabus.schedule_problems(early, NEEDS) == []


def test_check_syllabus_names_the_syllabus_and_every_problem():
    with pytest.raises(ValueError, match=r"`syllabus` 'test' must read every chapter after the "
                       r"chapters it needs\. Received: day 1 reads chapter 2 before chapter 1, "
                       r"which it needs$"):
        syllabus.check_syllabus(plan(((2, 1), ())), NEEDS)


# --- the dependency graph --------------------------------------------------------------------

def test_required_follows_chains():
    assert syllabus.required(NEEDS, 5) == {1, 2, 3, 4}
    assert syllabus.required(NEEDS, 1) == set()


def test_direct_needs_drop_implied_ones():
    assert syllabus.direct_needs(NEEDS, 5) == [4]  # 1 comes through 4
    assert syllabus.direct_needs(NEEDS, 2) == [1]


def test_needed_by():
    assert syllabus.needed_by(NEEDS, 3) == [4, 5]
    assert syllabus.needed_by(NEEDS, 5) == []


# --- parsing the plan ------------------------------------------------------------------------

def test_parse_plan_reads_needs_helps_and_sessions():
    data = {
        "prerequisites": {1: {"needs": {}, "helps": {}}, 2: {"needs": {1: "x"}, "helps": None}},
        "syllabi": {"s": {"title": "S", "unit": "week",
                          "sessions": [{"chapters": [1, 2], "exercises": ["e"], "focus": "f"}]}},
    }
    parsed = syllabus.parse_plan(data)
    assert parsed.needs == {1: {}, 2: {1: "x"}} and parsed.helps == {1: {}, 2: {}}
    assert parsed.syllabi["s"] == Syllabus("s", "S", "", "week", (Session((1, 2), ("e",), "f"),))
    assert parsed.syllabi["s"].order == [1, 2]


@pytest.mark.parametrize("data, error, message", [
    ({"prerequisites": {1: {"needs": {2: "x"}}, 2: {}}}, ValueError,
     r"`prerequisites\[1\]\.needs` must name declared chapters before chapter 1\. Received: \[2\]"),
    ({"prerequisites": {2: {"helps": {1: "x"}}}}, ValueError,
     r"`prerequisites\[2\]\.helps` must name declared chapters before chapter 2\. Received: \[1\]"),
    ({"prerequisites": {1: {"needs": [2]}}}, TypeError,
     r"`prerequisites\[1\]\.needs` must be a mapping of chapter numbers to what is used from "
     r"them\. Received: prerequisites\[1\]\.needs=\[2\]"),
    ({"prerequisites": {"one": {}}}, TypeError,
     r"`prerequisites key` must be an integer\. Received: prerequisites key='one'"),
    ({"chapters": {}}, ValueError,
     r"`data` must be a mapping with a 'prerequisites' entry\. Received: dict without one"),
    ({"prerequisites": {1: {}}, "syllabi": {"s": {"sessions": [{"chapters": [1, 7]}]}}},
     ValueError, r"`syllabi\[s\]\.sessions\[0\]\.chapters` must be declared chapters\. "
     r"Received: \[7\]"),
])
def test_parse_plan_rejects(data, error, message):
    with pytest.raises(error, match=message):
        syllabus.parse_plan(data)


# --- what a chapter says about itself --------------------------------------------------------

@pytest.mark.parametrize("line, minutes", [
    ("**Time:** about 45 minutes to read and run; 40 more for the exercises.", (45.0, 40.0)),
    ("**Time:** about 45 minutes to read and run; an hour more for the exercises.", (45.0, 60.0)),
    ("**Time:** about 1.5 hours to read and run;\n30 more for the exercises.", (90.0, 30.0)),
])
def test_parse_time(line, minutes):
    assert syllabus.parse_time(f"intro\n{line}\n:::") == minutes


@pytest.mark.parametrize("text, message", [
    ("**Time:** 45 minutes.", r"`text` must hold a line '\*\*Time:\*\* about N minutes to read "
                              r"and run; M more for the exercises\.' Received: none found"),
    ("**Time:** about a while to read and run; 5 more for the exercises.",
     r"A time must read 'N minutes', 'N hours' or 'an hour'\. Received: 'a while'"),
])
def test_parse_time_rejects(text, message):
    with pytest.raises(ValueError, match=message):
        syllabus.parse_time(text)


def test_parse_exercises_reads_labels_and_titles():
    text = ("````{exercise} Counting `windows`\n:label: ex-ch01-count\n\ntext\n````\n\n"
            ":::{exercise} By hand\n:label: ex-ch01-hand\n:::\n"
            "```{solution} ex-ch01-count\n```\n")
    assert syllabus.parse_exercises(text) == (
        ("ex-ch01-count", "Counting windows"), ("ex-ch01-hand", "By hand"))


def test_read_chapter(tmp_path):
    source = tmp_path / "ch04_thing.md"
    source.write_text("(ch-thing)=\n# A thing\n\n**Time:** about 30 minutes to read and run; "
                      "20 more for the exercises.\n\n````{exercise} One\n:label: ex-ch04-one\n"
                      "````\n", encoding="utf-8")
    assert syllabus.read_chapter(source) == Chapter(
        4, "ch-thing", "A thing", 30.0, 20.0, (("ex-ch04-one", "One"),))
    assert list(syllabus.read_chapters(tmp_path)) == [4]
    with pytest.raises(ValueError, match=r"`path` must name a chapter source chNN_\*\.md\. "
                                         r"Received: notes\.md"):
        syllabus.read_chapter(tmp_path / "notes.md")


def test_stated_prerequisites_reads_numbers_refs_and_helps():
    text = ("**Prerequisites:** {ref}`ch-tanh`, {ref}`the cell <ch-forward>` and chapters 5\n"
            "and 6; chapter 9 or 10 helps. Chapter 1 (only for context).\n\n**Time:** ...")
    labels = {"ch-tanh": 2, "ch-forward": 3}
    assert syllabus.stated_prerequisites(text, labels) == ({2, 3, 5, 6}, {1, 9, 10})
    assert syllabus.stated_prerequisites("no such line", labels) == (set(), set())


# --- times -----------------------------------------------------------------------------------

def test_read_execution_times(tmp_path):
    record = tmp_path / "execution_times.json"
    record.write_text(json.dumps({"pages": [
        {"page": "book/ch01_sequential_data", "seconds": 16.1, "succeeded": True},
        {"page": "book/ch10_lstm_gru", "seconds": 16.1, "succeeded": False},
        {"page": "book/results", "seconds": 8.9, "succeeded": True},
    ]}))
    assert syllabus.read_execution_times(record) == {1: 16.1, 10: None}


def test_session_minutes_share_the_exercise_estimate():
    chapters = {
        1: Chapter(1, "", "", 45.0, 40.0, (("a", ""), ("b", ""), ("c", ""), ("d", ""))),
        2: Chapter(2, "", "", 30.0, 30.0, (("e", ""),)),
    }
    assert syllabus.session_minutes(Session((1, 2), ("a", "c", "e")), chapters) == (75.0, 50.0)
    assert syllabus.session_minutes(Session((), ()), chapters) == (0.0, 0.0)


# --- the course's own plan -------------------------------------------------------------------

@pytest.fixture(scope="module")
def course():
    return syllabus.read_plan(PLAN), syllabus.read_chapters(ROOT / "book")


def test_every_chapter_declares_its_prerequisites(course):
    plan_, chapters = course
    assert sorted(plan_.needs) == sorted(chapters), (
        "book/syllabus.yml must declare the prerequisites of every chapter and no other")


def test_the_course_syllabi_are_sound(course):
    plan_, chapters = course
    exercises = {n: c.exercise_labels for n, c in chapters.items()}
    assert set(plan_.syllabi) == {"one-week", "two-week", "semester"}
    problems = {name: syllabus.schedule_problems(s, plan_.needs, exercises)
                for name, s in plan_.syllabi.items()}
    assert not any(problems.values()), f"the syllabi of book/syllabus.yml: {problems}"


def test_the_case_study_needs_both_frameworks_and_bptt(course):
    plan_, _ = course
    assert {4, 5, 6, 9, 10} <= syllabus.required(plan_.needs, 11)
    for n in (9, 10, 11):
        assert {5, 6} <= syllabus.required(plan_.needs, n), f"chapter {n} uses both frameworks"


def test_the_data_names_every_chapter_a_chapter_names(course):
    plan_, chapters = course
    labels = {c.label: n for n, c in chapters.items()}
    for n in chapters:
        text = next((ROOT / "book").glob(f"ch{n:02d}_*.md")).read_text(encoding="utf-8")
        needed, helpful = syllabus.stated_prerequisites(text, labels)
        needed, helpful = {m for m in needed if m < n}, {m for m in helpful if m < n}
        assert needed <= set(plan_.needs[n]), (
            f"chapter {n}'s Prerequisites line names chapters {sorted(needed - set(plan_.needs[n]))} "
            "as needed, which book/syllabus.yml does not list among its needs")
        declared = set(plan_.needs[n]) | set(plan_.helps[n])
        assert helpful <= declared, (
            f"chapter {n}'s Prerequisites line names chapters {sorted(helpful - declared)} that "
            "book/syllabus.yml does not list as needed or helpful")
