"""CompletionSpace: sets of completions as bits, checked against plain enumeration."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from flowrules.engine.completion_space import CompletionSpace

sizes = st.lists(st.integers(1, 4), min_size=1, max_size=4)


def _points(space: CompletionSpace) -> list[tuple[int, ...]]:
    return list(itertools.product(*(range(n) for n in space.sizes)))


@given(sizes)
def test_where_is_the_set_of_points_with_that_coordinate(shape):
    """Bit x of where(axis, v) is set exactly when point x has coordinate v on axis."""
    space = CompletionSpace(shape)
    for axis, size in enumerate(shape):
        for value in range(size):
            mask = space.where(axis, value)
            assert all(
                bool(mask >> x & 1) == (p[axis] == value)
                for x, p in enumerate(_points(space))
            )


@given(sizes, st.data())
def test_point_decodes_the_lowest_member(shape, data):
    """point() returns the coordinates of the lowest set bit."""
    space = CompletionSpace(shape)
    x = data.draw(st.integers(0, space.size - 1))
    assert (
        tuple(space.point(1 << x | (space.full ^ ((1 << (x + 1)) - 1))))
        == _points(space)[x]
    )


@given(sizes, st.data())
def test_is_cylinder_matches_a_brute_force_check(shape, data):
    """A set is a cylinder along an axis iff changing that coordinate alone never leaves it."""
    space = CompletionSpace(shape)
    mask = data.draw(st.integers(0, space.full))
    points = _points(space)
    members = {p for x, p in enumerate(points) if mask >> x & 1}
    for axis, size in enumerate(shape):
        brute = all(
            ((*p[:axis], v, *p[axis + 1 :]) in members) == (p in members)
            for p in points
            for v in range(size)
        )
        assert space.is_cylinder(mask, axis) == brute
