"""The call guide's interview in a real browser (the engine's `Engine.interview`).

A full interview for one call type of each pack ends in the decision `decide()` gives
for the answers; the copy button copies the journal note; a run with the keyboard
alone; invalid answers are refused with an alert and the question stays; a
screenshot of the decision view (written to docs/ with FLOWRULES_WRITE_SCREENSHOT=1).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import flowrules
from flowrules.service.page_content import NAMES_FILE, load_names
from tests.conftest import RULES
from tests.service.conftest import axe_violations

MODTAGET = "2017-03-07T10:30"  # a Tuesday morning: the lines are open
TYPED = {"date": "2017-03-20", "int": "10", "datetime": "2017-03-20T09:00"}
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="module")
def engine():
    engine = flowrules.Engine.from_path(RULES)
    yield engine
    engine.close()


def _wait_for_step(page) -> str:
    """Wait until a question or the decision is shown; return which."""
    page.wait_for_function(
        "!document.getElementById('decision').hidden"
        " || (!document.getElementById('interview').hidden"
        "     && document.getElementById('question-text').textContent.length > 0)"
    )
    return "decision" if page.locator("#decision").is_visible() else "question"


def _start(page, ordning: str, henvendelse: str, modtaget: str = MODTAGET) -> None:
    page.select_option("#ordning", ordning)
    page.select_option("#henvendelse", henvendelse)
    page.fill("#modtaget", modtaget)
    page.click("#start")


def _answer_first(page, answers: dict) -> None:
    """Answer the shown question with its first answer (or a typed value); record it."""
    fact = page.locator("#question").get_attribute("data-fact")
    kind = page.locator("#question").get_attribute("data-type")
    before = page.inner_text("#question-text")
    buttons = page.locator("#question-answers button.answer:not(.unknown)")
    if page.locator("#answer-input").count():
        page.fill("#answer-input", TYPED[kind])
        value = int(TYPED[kind]) if kind == "int" else TYPED[kind]
        if kind == "datetime":
            value += ":00"
        page.click("#question-answers button[type=submit]")
    else:
        first = buttons.first
        value = json.loads(first.get_attribute("data-value"))
        first.click()
    answers[fact] = value
    page.wait_for_function(
        "([t]) => document.getElementById('question-text').textContent !== t"
        " || !document.getElementById('decision').hidden",
        arg=[before],
    )


def _run_interview(page, ordning: str, henvendelse: str) -> dict:
    _start(page, ordning, henvendelse)
    answers: dict = {}
    for _ in range(40):
        if _wait_for_step(page) == "decision":
            return answers
        _answer_first(page, answers)
    msg = f"no decision after 40 questions: {answers}"
    raise AssertionError(msg)


def _expected(
    engine, ordning: str, henvendelse: str, answers: dict, modtaget: str = MODTAGET
):
    call = {
        "ordning": ordning,
        "henvendelse": henvendelse,
        "modtaget": modtaget + ":00",
    }
    return engine.decide({**call, **answers})


def _assert_shows(page, decision) -> None:
    names = load_names(RULES / NAMES_FILE)
    assert page.locator("#decision").get_attribute("data-rule-id") == decision.rule_id
    assert page.inner_text("#notice") == "Vejledning, ikke afgørelse"
    assert page.inner_text("#action-text") == decision.action_text
    assert page.inner_text("#wording") == decision.wording
    assert page.inner_text("#macro") == decision.journal_macro
    assert page.locator("#steps label").all_inner_texts() == [
        names["steps"][s] for s in decision.steps
    ]
    assert len(page.locator("#sources li").all()) == len(decision.sources)


def _call_type_with_questions(engine, ordning: str) -> str:
    """A call type of the pack whose interview asks at least one question after the call type."""
    pack = next(p for p in engine.packs if p.pack == ordning)
    for henvendelse in pack.facts["henvendelse"].values:
        step = engine.interview(
            {
                "ordning": ordning,
                "henvendelse": henvendelse,
                "modtaget": MODTAGET + ":00",
            }
        )
        if not step.done:
            return henvendelse
    return pack.facts["henvendelse"].values[0]


@pytest.mark.parametrize(
    "ordning", ["dagpenge", "kontanthjaelp", "sygedagpenge", "sygeopfoelgning"]
)
def test_a_full_interview_ends_in_decides_decision(page, engine, ordning):
    """Answering every question in the page ends in exactly the decision decide() gives those answers."""
    henvendelse = _call_type_with_questions(engine, ordning)
    answers = _run_interview(page, ordning, henvendelse)
    _assert_shows(page, _expected(engine, ordning, henvendelse, answers))
    assert page.locator("#answered li").count() == len(answers)
    assert axe_violations(page) == []


def test_the_copy_button_copies_the_journal_note(page, engine):
    """The copy button puts the journal note on the clipboard and says so in a status."""
    henvendelse = _call_type_with_questions(engine, "dagpenge")
    _run_interview(page, "dagpenge", henvendelse)
    page.click("#copy-macro")
    page.wait_for_function(
        "document.getElementById('copy-status').textContent.length > 0"
    )
    assert page.evaluate("navigator.clipboard.readText()") == page.inner_text("#macro")
    assert page.inner_text("#copy-status") == "Journalnotatet er kopieret."
    assert page.locator("#copy-status").get_attribute("role") == "status"


def test_keyboard_only_run(page, engine):
    """Tab, arrow keys and Enter alone take a call from the start form to its decision; Esc starts again."""
    ordning = "sygedagpenge"
    henvendelse = _call_type_with_questions(engine, ordning)
    pack = next(p for p in engine.packs if p.pack == ordning)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "ordning"
    while page.input_value("#ordning") != ordning:
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "henvendelse"
    for _ in pack.facts["henvendelse"].values:
        if page.input_value("#henvendelse") == henvendelse:
            break
        page.keyboard.press("ArrowDown")
    modtaget = page.input_value("#modtaget")  # the page's own "now"
    for _ in range(8):  # through the time's fields to Start
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "start":
            break
    assert page.evaluate("document.activeElement.id") == "start"
    page.keyboard.press("Enter")
    answers: dict = {}
    for _ in range(40):
        if _wait_for_step(page) == "decision":
            break
        fact = page.locator("#question").get_attribute("data-fact")
        kind = page.locator("#question").get_attribute("data-type")
        before = page.inner_text("#question-text")
        focused = page.evaluate(
            "document.activeElement.id || document.activeElement.className"
        )
        if page.locator("#answer-input").count():
            assert focused == "answer-input"
            page.keyboard.type(TYPED[kind] if kind == "int" else "")
            if kind != "int":
                page.fill(
                    "#answer-input", TYPED[kind]
                )  # date pickers take their value as a whole
            page.keyboard.press("Enter")
            value = int(TYPED[kind]) if kind == "int" else TYPED[kind]
            answers[fact] = value + ":00" if kind == "datetime" else value
        else:
            assert "answer" in focused  # the first answer has the focus
            answers[fact] = json.loads(
                page.evaluate("document.activeElement.dataset.value")
            )
            page.keyboard.press("Enter")
        page.wait_for_function(
            "([t]) => document.getElementById('question-text').textContent !== t"
            " || !document.getElementById('decision').hidden",
            arg=[before],
        )
    assert page.evaluate("document.activeElement.id") == "decision-heading"
    _assert_shows(page, _expected(engine, ordning, henvendelse, answers, modtaget))
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "ordning"
    assert page.locator("#decision").is_hidden()


def test_invalid_answers_are_refused_and_the_question_stays(page, engine):
    """A call time outside every pack version, and an empty typed answer, are refused in an alert."""
    _start(page, "dagpenge", "afbud", modtaget="2000-01-03T10:00")
    page.wait_for_function(
        "document.getElementById('start-error').textContent.length > 0"
    )
    assert "modtaget" in page.inner_text("#start-error")
    assert page.locator("#interview").is_hidden()
    for pack in engine.packs:
        for henvendelse in pack.facts["henvendelse"].values:
            page.keyboard.press("Escape")
            _start(page, pack.pack, henvendelse)
            answers: dict = {}
            for _ in range(40):
                if _wait_for_step(page) == "decision":
                    break
                if page.locator("#answer-input").count():
                    text = page.inner_text("#question-text")
                    page.click("#question-answers button[type=submit]")
                    alert = page.locator("#question-error")
                    assert alert.get_attribute("role") == "alert"
                    assert alert.inner_text().startswith("Skriv et svar")
                    assert page.inner_text("#question-text") == text
                    return
                _answer_first(page, answers)
    pytest.fail("no pack asks a typed question")


def test_screenshot_of_the_decision_view(page, engine, tmp_path):
    """The decision view renders to a PNG (kept in docs/ when FLOWRULES_WRITE_SCREENSHOT=1)."""
    henvendelse = _call_type_with_questions(engine, "dagpenge")
    _run_interview(page, "dagpenge", henvendelse)
    page.set_viewport_size({"width": 1100, "height": 900})
    target = tmp_path / "call-guide.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("FLOWRULES_WRITE_SCREENSHOT") == "1":
        (DOCS / "call-guide.png").write_bytes(target.read_bytes())


def _first_call_asking_valg(engine) -> tuple[str, str]:
    """A (pack, call type) whose interview, answered with first answers, asks for the valg."""
    for pack in engine.packs:
        for henvendelse in pack.facts["henvendelse"].values:
            call = {
                "ordning": pack.pack,
                "henvendelse": henvendelse,
                "modtaget": MODTAGET + ":00",
            }
            for _ in range(40):
                step = engine.interview(call)
                if step.done:
                    break
                if step.question.fact == "valg":
                    return pack.pack, henvendelse
                answers = step.question.answers
                call[step.question.fact] = (
                    answers[0].value if answers else TYPED[step.question.type]
                )
    pytest.fail("no call type reaches a grænseflade")


def test_a_graenseflade_shows_each_criterion_and_the_choice(page, engine):
    """At a grænseflade every choice is offered with its criterion; the decision is the chosen outcome."""
    ordning, henvendelse = _first_call_asking_valg(engine)
    _start(page, ordning, henvendelse)
    answers: dict = {}
    while _wait_for_step(page) == "question":
        if page.locator("#question").get_attribute("data-fact") == "valg":
            call = {
                "ordning": ordning,
                "henvendelse": henvendelse,
                "modtaget": MODTAGET + ":00",
            }
            expected = engine.interview({**call, **answers}).question
            shown = page.locator("#question-answers .criterion").all_inner_texts()
            assert shown == [a.criterion for a in expected.answers if a.criterion]
            assert len(shown) >= 2
        _answer_first(page, answers)
    decision = _expected(engine, ordning, henvendelse, answers)
    _assert_shows(page, decision)
    assert answers["valg"] is not None
    # The chosen alternative's own outcome: no open choice is left on the page.
    assert page.locator("#alternatives-block").is_hidden() == (
        not decision.alternatives
    )
    assert page.locator("#alternatives button").count() == 0
