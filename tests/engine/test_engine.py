"""decide(): validation into CallError, the Decision record, fallback, time, logging."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from structlog.testing import capture_logs

import flowrules
from flowrules import Call, CallError, Decision, Engine
from flowrules.pack.load import load_packs
from tests.conftest import BASE_PACK, PACKS, RULES, sample_calls

BASE = BASE_PACK
SPEC_EXAMPLE = {
    "ordning": "dagpenge",
    "henvendelse": "afbud",
    "grund": "sygdom",
    "modtaget": "2017-03-07T10:30:00",
}


@pytest.fixture(scope="module")
def engine():
    engine = Engine.from_path(BASE, executor="native")
    yield engine
    engine.close()


class TestDecisionRecord:
    def test_spec_example_decides_with_every_field(self, engine):
        """The SPEC's example call gives a full Decision with the fixed notice."""
        decision = engine.decide(SPEC_EXAMPLE)
        data = decision.model_dump(mode="json")
        for field in (
            "pack",
            "pack_version",
            "rule_id",
            "action",
            "action_text",
            "resolution",
            "transfer_to",
            "referral",
            "refer_to",
            "steps",
            "wording",
            "journal_macro",
            "notice",
            "sources",
            "trace",
        ):
            assert field in data
        assert decision.notice == "Vejledning, ikke afgørelse"
        assert decision.rule_id == "dagpenge.afbud_gyldig_grund"
        assert decision.sources
        assert all(s.quote for s in decision.sources)

    def test_json_form_round_trips(self, engine):
        """model_dump(mode='json') is plain JSON and validates back into an equal Decision."""
        decision = engine.decide(SPEC_EXAMPLE)
        text = json.dumps(decision.model_dump(mode="json"), ensure_ascii=False)
        assert Decision.model_validate_json(text) == decision

    def test_module_level_decide_uses_the_default_engine(self):
        """flowrules.decide(call) is Engine.default().decide(call) for the bundled packs."""
        default = Engine.default()
        try:
            for pack in PACKS:
                call = sample_calls(pack, limit=1)[0]
                assert flowrules.decide(call) == default.decide(call), call
        finally:
            default.close()

    def test_macro_has_no_unfilled_placeholder(self, engine):
        """The rendered macro and wording contain no {placeholder}."""
        decision = engine.decide(
            {
                "ordning": "dagpenge",
                "henvendelse": "afbud",
                "grund": "sygdom",
                "modtaget": "2017-03-07T10:30:00",
            }
        )
        assert "{" not in decision.journal_macro
        assert "}" not in decision.journal_macro
        assert "{" not in decision.wording
        assert "sygdom" in decision.wording
        assert decision.wording in decision.journal_macro

    def test_accepts_a_call_model(self, engine):
        """decide() takes a flowrules.Call as well as a dict."""
        call = Call(
            ordning="dagpenge",
            henvendelse="afbud",
            grund="arbejde",
            modtaget=dt.datetime(2017, 3, 7, 10, 30),
        )
        assert engine.decide(call).rule_id == "dagpenge.afbud_gyldig_grund"

    def test_no_match_gives_the_explicit_fallback(self, engine):
        """A call no rule matches gets the pack's fallback, not an exception."""
        decision = engine.decide(
            {
                "ordning": "dagpenge",
                "henvendelse": "afmelding",
                "modtaget": "2017-03-07T10:30:00",
            }
        )
        assert decision.rule_id == "dagpenge.fallback"
        assert decision.resolution == "omstilling"
        assert decision.transfer_to == "jobcenter"
        assert decision.action == "opklar"

    def test_first_matching_rule_wins(self, engine):
        """A call matching both rules is decided by the earlier one."""
        decision = engine.decide(
            {
                "ordning": "dagpenge",
                "henvendelse": "afbud",
                "grund": "arbejde",
                "modtaget": "2017-03-07T10:30:00",
            }
        )
        assert decision.rule_id == "dagpenge.afbud_gyldig_grund"
        other = engine.decide(
            {
                "ordning": "dagpenge",
                "henvendelse": "afbud",
                "grund": "andet",
                "modtaget": "2017-03-07T10:30:00",
            }
        )
        assert other.rule_id == "dagpenge.afbud_anden_grund"

    def test_explain_traces_every_rule_tried(self, engine):
        """explain=True lists each rule tried, in order, with each condition and value."""
        decision = engine.decide(
            {
                "ordning": "dagpenge",
                "henvendelse": "afbud",
                "grund": "andet",
                "modtaget": "2017-03-07T10:30:00",
            },
            explain=True,
        )
        assert [t.rule_id for t in decision.trace] == [
            "dagpenge.afbud_gyldig_grund",
            "dagpenge.afbud_anden_grund",
        ]
        first = decision.trace[0]
        assert not first.matched
        assert [(c.fact, c.value, c.passed) for c in first.conditions] == [
            ("henvendelse", "afbud", True),
            ("grund", "andet", False),
        ]
        assert decision.trace[1].matched

    def test_without_explain_there_is_no_trace(self, engine):
        """The trace is only computed on request."""
        assert (
            engine.decide(
                {
                    "ordning": "dagpenge",
                    "henvendelse": "afbud",
                    "modtaget": "2017-03-07T10:30:00",
                }
            ).trace
            is None
        )


class TestCallErrors:
    @pytest.mark.parametrize(
        ("call", "field", "allowed"),
        [
            (
                {"henvendelse": "afbud", "modtaget": "2017-03-07T10:30:00"},
                "ordning",
                ("dagpenge",),
            ),
            (
                {
                    "ordning": "sygedagpengee",
                    "henvendelse": "afbud",
                    "modtaget": "2017-03-07T10:30:00",
                },
                "ordning",
                ("dagpenge",),
            ),
            (
                {
                    "ordning": "dagpenge",
                    "henvendelse": "afbudd",
                    "modtaget": "2017-03-07T10:30:00",
                },
                "henvendelse",
                ("afbud", "afmelding"),
            ),
            (
                {
                    "ordning": "dagpenge",
                    "henvendelse": "afbud",
                    "grund": "syg",
                    "modtaget": "2017-03-07T10:30:00",
                },
                "grund",
                ("arbejde", "sygdom", "andet"),
            ),
            ({"ordning": "dagpenge", "henvendelse": "afbud"}, "modtaget", ()),
            (
                {"ordning": "dagpenge", "henvendelse": "afbud", "modtaget": "i går"},
                "modtaget",
                (),
            ),
            (
                {
                    "ordning": "dagpenge",
                    "henvendelse": "afbud",
                    "behov_for_tolk": "ja",
                    "modtaget": "2017-03-07T10:30:00",
                },
                "behov_for_tolk",
                (),
            ),
            (
                {
                    "ordning": "dagpenge",
                    "henvendelse": "afbud",
                    "afmelding_dato": "03-04-2017",
                    "modtaget": "2017-03-07T10:30:00",
                },
                "afmelding_dato",
                (),
            ),
        ],
        ids=[
            "missing-ordning",
            "unknown-ordning",
            "bad-henvendelse",
            "bad-grund",
            "missing-modtaget",
            "bad-modtaget",
            "bool-as-text",
            "bad-date",
        ],
    )
    def test_bad_input_names_field_value_and_allowed(
        self, engine, call, field, allowed
    ):
        """A bad call raises CallError naming the field, the value and the allowed values."""
        with pytest.raises(CallError) as info:
            engine.decide(call)
        problem = info.value.problems[0]
        assert problem.field == field
        assert problem.value == call.get(field)
        assert problem.allowed == allowed
        assert field in str(info.value)

    def test_unknown_field_is_an_error_with_a_suggestion(self, engine):
        """A field the pack does not declare is refused, with the closest field suggested."""
        with pytest.raises(CallError) as info:
            engine.decide(
                {
                    "ordning": "dagpenge",
                    "henvendelse": "afbud",
                    "grunde": "sygdom",
                    "modtaget": "2017-03-07T10:30:00",
                }
            )
        assert info.value.fields == ("grunde",)
        assert "did you mean 'grund'" in str(info.value)

    def test_all_problems_are_reported_together(self, engine):
        """Every bad field is reported in one CallError."""
        with pytest.raises(CallError) as info:
            engine.decide(
                {
                    "ordning": "dagpenge",
                    "henvendelse": "x",
                    "grund": "y",
                    "z": 1,
                    "modtaget": "2017-03-07T10:30:00",
                }
            )
        assert set(info.value.fields) == {"henvendelse", "grund", "z"}

    @pytest.mark.parametrize(
        "call",
        [None, 5, "afbud", [1, 2], {1: "x"}],
        ids=["none", "int", "str", "list", "int-key"],
    )
    def test_non_object_input_is_a_call_error(self, engine, call):
        """Input that is not a JSON object raises CallError, never TypeError."""
        with pytest.raises(CallError):
            engine.decide(call)

    def test_date_outside_every_pack_version(self, engine):
        """A call before the pack's valid_from names the versions in force."""
        with pytest.raises(CallError) as info:
            engine.decide(
                {
                    "ordning": "dagpenge",
                    "henvendelse": "afbud",
                    "modtaget": "2012-12-31T10:00:00",
                }
            )
        assert "2013-01-01" in str(info.value)

    def test_call_error_is_a_flowrules_error_and_value_error(self):
        """Callers may catch CallError as FlowrulesError or ValueError."""
        assert issubclass(CallError, flowrules.FlowrulesError)
        assert issubclass(CallError, ValueError)


class TestTime:
    def test_aware_datetime_is_converted_to_copenhagen_time(self, engine):
        """modtaget with an offset is read as Europe/Copenhagen local time."""
        decision = engine.decide(
            {
                "ordning": "dagpenge",
                "henvendelse": "afbud",
                "modtaget": "2017-03-07T09:30:00+00:00",
            }
        )
        assert decision.call["modtaget"] == "2017-03-07T10:30:00"

    def test_summer_time_offset(self, engine):
        """In summer Copenhagen is UTC+2."""
        decision = engine.decide(
            {
                "ordning": "dagpenge",
                "henvendelse": "afbud",
                "modtaget": "2017-07-03T08:00:00Z",
            }
        )
        assert decision.call["modtaget"] == "2017-07-03T10:00:00"

    def test_days_are_counted_from_the_call_not_the_clock(self, own_engine):
        """A derived day count uses modtaget, so an old call decides as it did then."""
        call = {
            "ordning": "dagpenge",
            "henvendelse": "afmelding",
            "afmelding_aarsag": "efterloen",
            "modtaget": "2017-03-06T10:30:00",
        }
        within = own_engine.decide({**call, "afmelding_dato": "2017-04-03"})
        assert within.rule_id == "dagpenge.afmelding_inden_frist"
        assert "03.04.2017" in within.journal_macro
        later = own_engine.decide({**call, "afmelding_dato": "2017-04-04"})
        assert later.rule_id == "dagpenge.afmelding_efter_frist"
        assert "højst 28 dage" in later.wording


class TestLogging:
    def test_one_decision_made_event_with_ids_only(self, engine):
        """Each decision logs one decision_made event with ids and duration, nothing personal."""
        call = {
            "ordning": "dagpenge",
            "henvendelse": "afbud",
            "grund": "sygdom",
            "modtaget": "2017-03-07T10:30:00",
        }
        with capture_logs() as logs:
            engine.decide(call)
        assert [e["event"] for e in logs] == ["decision_made"]
        event = logs[0]
        assert set(event) == {
            "event",
            "log_level",
            "pack",
            "pack_version",
            "rule_id",
            "action",
            "resolution",
            "addenda",
            "duration_ms",
        }
        assert event["rule_id"] == "dagpenge.afbud_gyldig_grund"
        assert event["duration_ms"] >= 0
        logged = json.dumps(event, default=str)
        assert "sygdom" not in logged
        assert "2017-03-07" not in logged

    def test_invalid_call_logs_nothing_personal(self, engine):
        """A refused call logs no event carrying its values."""
        with capture_logs() as logs, pytest.raises(CallError):
            engine.decide(
                {
                    "ordning": "dagpenge",
                    "henvendelse": "afbud",
                    "cpr": "0101701234",
                    "modtaget": "2017-03-07T10:30:00",
                }
            )
        assert "0101701234" not in json.dumps(logs, default=str)

    def test_library_does_not_configure_structlog(self):
        """Importing flowrules and deciding leaves structlog unconfigured."""
        import subprocess
        import sys

        code = (
            "import sys, flowrules, structlog; "
            "flowrules.Engine.from_path(sys.argv[1], executor='native')"
            ".decide({'ordning': 'dagpenge', 'henvendelse': 'afbud', 'modtaget': '2017-03-07T10:30:00'});"
            "print(structlog.is_configured())"
        )
        result = subprocess.run(
            [sys.executable, "-c", code, str(BASE)],
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.strip().splitlines()[-1] == "False"


class TestEngine:
    def test_executor_names(self):
        """An engine reports the executor it uses; native is always available."""
        engine = Engine.from_path(BASE, executor="native")
        assert engine.executor == "native"
        engine.close()

    def test_unknown_executor_is_a_value_error(self):
        """A wrong executor name is a programmer error."""
        with pytest.raises(ValueError, match="executor"):
            Engine.from_path(BASE, executor="fast")  # type: ignore[arg-type]

    def test_default_engine_has_the_bundled_packs(self):
        """Engine.default() loads exactly the packs shipped with the package."""
        engine = Engine.default(executor="native")
        assert {p.ref for p in engine.packs} == {p.ref for p in load_packs(RULES)}
        assert engine.packs
        engine.close()

    def test_call_schemas_list_each_packs_allowed_values(self, engine):
        """The per-pack call schema carries the pack's enumerations."""
        schema = engine.call_schemas()["dagpenge@2026.1"]
        assert schema["properties"]["henvendelse"]["enum"] == ["afbud", "afmelding"]
        assert schema["additionalProperties"] is False
        assert set(schema["required"]) == {"ordning", "modtaget", "henvendelse"}


def test_call_error_has_a_stable_json_form(engine):
    """CallError.to_json() lists field, JSON-safe value, message and allowed values."""
    with pytest.raises(CallError) as info:
        engine.decide(
            {
                "ordning": "dagpenge",
                "henvendelse": "nope",
                "grund": ["x"],
                "modtaget": "2017-03-07T10:30:00",
            }
        )
    data = {p["field"]: p for p in info.value.to_json()}
    assert data["henvendelse"] == {
        "field": "henvendelse",
        "value": "nope",
        "message": "is not an allowed value for pack 'dagpenge'",
        "allowed": ["afbud", "afmelding"],
    }
    assert data["grund"]["value"] == "['x']"
    json.dumps(info.value.to_json())
