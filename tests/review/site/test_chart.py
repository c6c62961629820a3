"""The flowchart of a call type is drawn from the pack data: questions, answers, outcomes by kind."""

from __future__ import annotations

import pytest

from flowrules.pack.load import load_pack, load_pack_text
from flowrules.review.site.chart import applicable, call_type_chart, call_types
from flowrules.review.site.labels import site_labels
from tests.conftest import TESTS

BASE = TESTS / "data" / "base_pack.yaml"
BASE_TEXT = BASE.read_text(encoding="utf-8")
LABELS = site_labels()


def _chart(text: str, call_type: str):
    return call_type_chart(load_pack_text(text), call_type, LABELS)


def _edges(chart) -> set[tuple[str, str, str]]:
    names = {n.id: (n.rule or n.label) for n in chart.nodes}
    return {(names[e.source], names[e.target], e.label) for e in chart.edges}


def test_call_types_are_the_henvendelse_values():
    """A pack's call types are its henvendelse values, in order."""
    assert call_types(load_pack(BASE)) == ["afbud", "afmelding"]


def test_afbud_chart_asks_for_the_reason_and_ends_in_outcomes_by_kind():
    """Start → the grund question → straksafklaring for the valid reasons, omstilling otherwise."""
    chart = _chart(BASE_TEXT, "afbud")
    kinds = {n.rule: n.kind for n in chart.nodes if n.rule}
    assert kinds == {
        "afbud_gyldig_grund": "straksafklaring",
        "afbud_anden_grund": "omstilling",
    }
    [question] = [n for n in chart.nodes if n.kind == "question"]
    assert question.label == "Oplyst grund?"
    assert _edges(chart) == {
        ("Opkald om: afbud", "Oplyst grund?", ""),
        ("Oplyst grund?", "afbud_gyldig_grund", "arbejde, sygdom"),
        ("Oplyst grund?", "afbud_anden_grund", "ellers"),
    }
    [omstilling] = [n for n in chart.nodes if n.kind == "omstilling"]
    assert omstilling.detail == "til jobcentret"
    assert omstilling.label == "Andre afbud omstilles"


def test_answers_use_the_fact_labels_and_name_a_missing_answer():
    """An optional enum fact's answers are its Danish labels, with "ikke oplyst" for no answer."""
    text = BASE_TEXT.replace(
        "      henvendelse: afbud\n    then:\n      action: omstil",
        "      henvendelse: afbud\n      grund: {not_one_of: [arbejde, sygdom]}\n"
        "    then:\n      action: omstil",
    )
    chart = _chart(text, "afbud")
    labels = {
        label for _, target, label in _edges(chart) if target == "afbud_anden_grund"
    }
    assert labels == {"en anden grund, ikke oplyst"}
    assert ("Oplyst grund?", "fallback", "ellers") not in _edges(chart)


def test_a_call_type_no_rule_serves_goes_straight_to_the_fallback():
    """afmelding has no rule in the base pack: its chart is start → fallback."""
    chart = _chart(BASE_TEXT, "afmelding")
    assert chart.rules == []
    assert [(n.kind, n.detail) for n in chart.nodes if n.kind != "start"] == [
        ("fallback", "omstilling til jobcentret")
    ]


def test_when_any_groups_for_other_call_types_are_dropped():
    """A when_any group naming another call type does not apply; the other group joins the rule."""
    text = BASE_TEXT.replace(
        "    when:\n      henvendelse: afbud\n      grund: {one_of: [arbejde, sygdom]}",
        "    when:\n      grund: {one_of: [arbejde, sygdom]}\n    when_any:\n"
        "      - {henvendelse: afmelding}\n      - {behov_for_tolk: true}",
    )
    pack = load_pack_text(text)
    rule = pack.rules[0]
    assert [f for f, _ in applicable(pack, rule, "afmelding")] == ["grund"]
    assert [f for f, _ in applicable(pack, rule, "afbud")] == [
        "grund",
        "behov_for_tolk",
    ]


def test_a_non_choice_condition_is_a_yes_no_question_in_the_packs_words():
    """A date comparison becomes a ja/nej question phrased with the fact's description."""
    text = BASE_TEXT.replace(
        "      grund: {one_of: [arbejde, sygdom]}",
        "      afmelding_dato: {gte: 2017-01-01}\n      grund: {one_of: [arbejde, sygdom]}",
    )
    chart = _chart(text, "afbud")
    question = next(n for n in chart.nodes if n.kind == "question")
    assert question.label.startswith("Afmeldingsdato: ")
    assert question.label.endswith("?")
    assert {e.label for e in chart.edges if e.source == question.id} == {"ja", "nej"}


@pytest.mark.parametrize("call_type", ["afbud", "afmelding"])
def test_every_edge_joins_drawn_nodes(call_type):
    """No edge points at a node that is not in the chart."""
    chart = _chart(BASE_TEXT, call_type)
    ids = {n.id for n in chart.nodes}
    assert all(e.source in ids and e.target in ids for e in chart.edges)
