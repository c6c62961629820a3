"""Deciding calls: validation, the compiled form, executors, the decision record.

The stages, bottom to top (each imports only those below it; the import
contract in ``pyproject.toml`` enforces it):

* :mod:`~flowrules.engine.program`: the engine-neutral compiled form and its
  reference evaluator; :mod:`~flowrules.engine.event_log`: silent-by-default
  events; :mod:`~flowrules.engine.json_lines`: reading and writing JSON Lines;
* :mod:`~flowrules.engine.schedules`, :mod:`~flowrules.engine.datetimes`:
  opening hours and call times; :mod:`~flowrules.engine.durable_limits`:
  durable-rules' C limits, modelled without it;
  :mod:`~flowrules.engine.fork_locks`: locks taken around ``fork()``;
  :mod:`~flowrules.engine.completion_space` (sets of completions as bits),
  :mod:`~flowrules.engine.outcome_texts` (the facts an outcome's texts show);
* :mod:`~flowrules.engine.compiler` (pack → program),
  :mod:`~flowrules.engine.durable_ruleset` (program → durable JSON),
  :mod:`~flowrules.engine.event` (call → flat event),
  :mod:`~flowrules.engine.call_schema` (a pack's call model),
  :mod:`~flowrules.engine.text_values` (values in Danish text);
* :mod:`~flowrules.engine.native_executor`,
  :mod:`~flowrules.engine.durable_executor` (the only importer of
  durable-rules), :mod:`~flowrules.engine.fast_path`,
  :mod:`~flowrules.engine.call_validation`,
  :mod:`~flowrules.engine.decision_builder`,
  :mod:`~flowrules.engine.fact_domain`;
* :mod:`~flowrules.engine.relevance_component`,
  :mod:`~flowrules.engine.relevance`: the interview's exact analysis;
* :mod:`~flowrules.engine.pack_versions`: the compiled versions, swapped
  whole on reload;
* :mod:`~flowrules.engine.routing` (hand-offs between packs),
  :mod:`~flowrules.engine.interview` (the next question);
* :mod:`~flowrules.engine.engine`: :class:`Engine` and :func:`decide`;
* :mod:`~flowrules.engine.batch_line`: one batch line's record, for the
  command line and the HTTP batch alike.
"""

from __future__ import annotations

from flowrules.engine.engine import Engine, decide, default_engine

__all__ = ["Engine", "decide", "default_engine"]
