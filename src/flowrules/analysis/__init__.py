"""Analysis of packs over their inputs.

The finite input domain, ``check --deep``, executor limits, scenario suites
and the impact of a change on a set of calls.
"""
