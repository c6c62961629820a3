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
                (
                    "arbejde",
                    "ansaettelsessamtale",
                    "sygdom",
                    "borgerligt_ombud",
                    "andet",
                ),
            ),
            ({"ordning": "dagpenge", "henvendelse": "afbud"}, "modtaget", ()),
            (
                {"ordning": "dagpenge", "henvendelse": "afbud", "modtaget": "igaar"},
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
            "routed_from",
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

    def test_unconfigured_library_writes_nothing(self):
        """With no logging configured, import and decide() write nothing to stdout or stderr."""
        import subprocess
        import sys

        code = (
            "import flowrules; flowrules.decide({'ordning': 'dagpenge', "
            "'henvendelse': 'afbud', 'grund': 'sygdom', 'modtaget': '2017-03-07T10:30:00'})"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert (result.stdout, result.stderr) == ("", "")

    def test_stdlib_logging_receives_decision_made(self):
        """With only stdlib logging configured, decision_made reaches logger 'flowrules'."""
        import subprocess
        import sys

        code = (
            "import logging, sys; logging.basicConfig(level=logging.INFO, stream=sys.stdout,"
            " format='%(name)s|%(event)s|%(rule_id)s|%(message)s');"
            "import flowrules; flowrules.decide({'ordning': 'dagpenge', "
            "'henvendelse': 'afbud', 'grund': 'sygdom', 'modtaget': '2017-03-07T10:30:00'})"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        name, event, rule, message = result.stdout.strip().split("|")
        assert (name, event, rule) == (
            "flowrules",
            "decision_made",
            "dagpenge.afbud_gyldig_grund",
        )
        assert "rule_id=dagpenge.afbud_gyldig_grund" in message
        assert "sygdom" not in message
        assert result.stderr == ""

    def test_configured_structlog_receives_decision_made(self):
        """With structlog configured by the application, decision_made reaches its pipeline."""
        import subprocess
        import sys

        code = (
            "import structlog, sys; seen = [];"
            "structlog.configure(processors=[lambda l, m, e: seen.append(e) or e,"
            " structlog.processors.JSONRenderer()],"
            " logger_factory=structlog.PrintLoggerFactory(sys.stderr));"
            "import flowrules; flowrules.decide({'ordning': 'dagpenge', "
            "'henvendelse': 'afbud', 'grund': 'sygdom', 'modtaget': '2017-03-07T10:30:00'});"
            "print([e['event'] for e in seen])"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip() == "['decision_made']"
        assert '"event": "decision_made"' in result.stderr


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
    """CallError.to_json() lists field, JSON-safe value (objects by type), message, allowed."""
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
    assert data["grund"]["value"] == "<list>"  # never repr(): it may raise or leak
    json.dumps(info.value.to_json())


UNIFORM = {
    "ordning": "dagpenge",
    "henvendelse": "afbud",
    "modtaget": "2017-03-07T10:30:00",
    "call_id": "crm:4711-a",
    "opkalder": "a_kasse",
    "grund": "borgerligt_ombud",
    "aftale": "tilbud",
    "aftale_tidspunkt": "2017-03-08T09:00:00+01:00",
    "vurdering": "kan_accepteres",
    "maalgruppe": "sygemeldt_fra_ledighed",
    "afmelding_dato": "2017-03-20",
    "afmelding_aarsag": "barsel",
    "fravaerstype": "ferie",
    "telefonkontakt": True,
    "svar_fremgaar_af_journal": False,
    "sociale_problemer": False,
    "behov_for_tolk": False,
    "status": "ledig",
    "sygeperiode_til": "2017-03-10",
}


class TestCallShape:
    def test_every_core_field_is_accepted_and_kept(self, engine):
        """A pack accepts every core field it does not declare and keeps it in `call`."""
        decision = engine.decide(UNIFORM)
        assert decision.call["opkalder"] == "a_kasse"
        assert decision.call["sygeperiode_til"] == "2017-03-10"
        assert decision.call["aftale_tidspunkt"] == "2017-03-08T09:00:00"
        assert set(decision.call) == set(UNIFORM)

    def test_undeclared_fields_and_values_are_ignored_when_matching(self, engine):
        """An undeclared core field, or a core value the pack does not list, matches as absent."""
        plain = {k: UNIFORM[k] for k in ("ordning", "henvendelse", "modtaget")}
        assert engine.decide(UNIFORM).rule_id == engine.decide(plain).rule_id
        listed = engine.decide({**plain, "grund": "sygdom"})
        assert listed.rule_id == "dagpenge.afbud_gyldig_grund"
        assert engine.decide(UNIFORM).rule_id == "dagpenge.afbud_anden_grund"

    def test_call_id_is_echoed(self, engine):
        """The importing system's call_id comes back in the decision."""
        assert engine.decide(UNIFORM).call_id == "crm:4711-a"
        plain = {k: v for k, v in UNIFORM.items() if k != "call_id"}
        assert engine.decide(plain).call_id is None

    @pytest.mark.parametrize(
        "call_id", ["010385-1234", "id 1", "", "x" * 65, 42], ids=str
    )
    def test_bad_call_id_is_refused(self, engine, call_id):
        """A call_id that looks like a CPR number or breaks the pattern is a CallError."""
        with pytest.raises(CallError) as info:
            engine.decide({**UNIFORM, "call_id": call_id})
        assert info.value.fields == ("call_id",)
        assert "1234" not in str(info.value)

    @pytest.mark.parametrize("field", ["henvendelse", "grund", "notat", "0103851234"])
    def test_cpr_like_strings_are_refused_masked(self, engine, field):
        """Any string field (or field name) that looks like a CPR number is refused, masked."""
        with pytest.raises(CallError) as info:
            engine.decide({**UNIFORM, field: "ring 010385-1234"})
        (problem,) = info.value.problems
        assert problem.kind == "cpr"
        assert "010385" not in json.dumps(info.value.to_json())

    @pytest.mark.parametrize("field", ["modtaget", "aftale_tidspunkt"])
    def test_date_only_datetime_is_refused(self, engine, field):
        """A date-time field given as a date alone is a CallError, never midnight."""
        with pytest.raises(CallError) as info:
            engine.decide({**UNIFORM, field: "2017-03-07"})
        assert info.value.fields == (field,)
        assert "clock time" in info.value.problems[0].message

    def test_call_model_and_pack_schema_agree(self, engine):
        """flowrules.Call types the same core fields as every pack's call schema."""
        schema = engine.call_schemas()["dagpenge@2026.1"]["properties"]
        core = set(Call.model_fields)
        assert core <= set(schema)
        assert schema["grund"]["anyOf"][0]["enum"] == list(
            Call.model_json_schema()["properties"]["grund"]["anyOf"][0]["enum"]
        )

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("modtaget", "2017-03-07"),
            ("telefonkontakt", "yes"),
            ("afmelding_dato", "2017-03-20T00:00:00"),
            ("maalgruppe", "ukendt"),
            ("call_id", "010385-1234"),
        ],
    )
    def test_call_model_refuses_what_decide_refuses(self, engine, field, value):
        """flowrules.Call and decide() refuse the same bad core values."""
        with pytest.raises(ValueError, match=field):
            Call(**{**UNIFORM, field: value})
        with pytest.raises(CallError):
            engine.decide({**UNIFORM, field: value})

    def test_call_model_decides_like_the_dict(self, engine):
        """A flowrules.Call with every core field gives the same decision as its dict."""
        assert engine.decide(Call(**UNIFORM)) == engine.decide(UNIFORM)


def _approve(folder, pack) -> None:
    from flowrules.pack.approvals import Approval, ApprovalRegister, approvals_path

    approval = Approval(
        pack=pack.pack,
        version=pack.version,
        digest=flowrules.pack_digest(pack),
        reviewer="Jurist Eksempel",
        role="juridisk konsulent",
        date=dt.date(2026, 12, 1),
    )
    ApprovalRegister(approvals_path(folder)).with_approval(approval).write()


def _folder_with_base(tmp_path):
    (tmp_path / "dagpenge.yaml").write_text(BASE.read_text(encoding="utf-8"))
    return tmp_path


def test_every_decision_carries_the_pack_digest(engine):
    """pack_digest on a decision is the digest of the pack version that decided."""
    call = {"ordning": "dagpenge", "henvendelse": "afbud", "grund": "sygdom"}
    decision = engine.decide({**call, "modtaget": "2017-03-07T10:30:00"})
    assert decision.pack_digest == flowrules.pack_digest(engine.packs[0])
    fallback = engine.decide({**call, "grund": None, "modtaget": "2017-03-07T10:30:00"})
    assert fallback.pack_digest == decision.pack_digest


def test_require_approved_refuses_an_unapproved_pack(tmp_path):
    """An engine requiring approval refuses a pack without one, with AP01 and the approve command."""
    folder = _folder_with_base(tmp_path)
    with pytest.raises(flowrules.UnapprovedPackError) as info:
        Engine.from_path(folder, executor="native", require_approved=True)
    assert isinstance(info.value, flowrules.PackError)
    [diag] = info.value.diagnostics
    assert diag.code == "AP01"
    assert "dagpenge@2026.1 er ikke godkendt" in str(info.value)
    assert "flowrules approve dagpenge" in str(info.value)


def test_require_approved_accepts_an_approved_pack(tmp_path):
    """With an approval of its digest in approvals.yaml, the pack loads and pack_info says so."""
    folder = _folder_with_base(tmp_path)
    _approve(folder, flowrules.load_pack(folder / "dagpenge.yaml"))
    engine = Engine.from_path(folder, executor="native", require_approved=True)
    [info] = engine.pack_info()
    assert info.approved
    assert info.approval is not None
    assert info.approval.reviewer == "Jurist Eksempel"
    assert info.model_dump(mode="json")["digest"] == info.digest


def test_engine_from_packs_takes_a_register_path(tmp_path):
    """Engine(packs, approvals=PATH, require_approved=True) reads that register."""
    pack = flowrules.load_pack(BASE)
    _approve(tmp_path, pack)
    engine = Engine(
        [pack],
        executor="native",
        require_approved=True,
        approvals=tmp_path / "approvals.yaml",
    )
    assert engine.pack_info()[0].approved
    with pytest.raises(flowrules.UnapprovedPackError):
        Engine([pack], executor="native", require_approved=True)


def test_reload_refuses_an_edited_unapproved_pack_and_keeps_serving(tmp_path):
    """After an edit without approval, reload() fails and the approved version keeps deciding."""
    folder = _folder_with_base(tmp_path)
    _approve(folder, flowrules.load_pack(folder / "dagpenge.yaml"))
    engine = Engine.from_path(folder, executor="native", require_approved=True)
    before = engine.pack_info()[0].digest
    text = (folder / "dagpenge.yaml").read_text(encoding="utf-8")
    (folder / "dagpenge.yaml").write_text(text.replace("Registrér", "Notér", 1))
    with pytest.raises(flowrules.UnapprovedPackError):
        engine.reload()
    assert engine.pack_info()[0].digest == before


def test_pack_info_without_approvals_lists_unapproved_versions(engine):
    """pack_info() lists every loaded version with digest and approved=False by default."""
    [info] = engine.pack_info()
    assert (info.pack, info.version, info.approved, info.approval) == (
        "dagpenge",
        "2026.1",
        False,
        None,
    )
    assert info.valid_from == dt.date(2013, 1, 1)
