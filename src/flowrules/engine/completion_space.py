"""Every completion of some unknown facts as one bit of a Python integer.

A :class:`CompletionSpace` numbers the points of a product of finite domains
in mixed radix (the last fact varies fastest). A set of completions is an
``int`` whose bit *x* is set when point *x* is in the set, so unions and
intersections over thousands of completions are single integer operations.
"""

from __future__ import annotations

import math


class CompletionSpace:
    """The product of ``sizes`` value indices, one bit per point."""

    def __init__(self, sizes: list[int]) -> None:
        self.sizes = sizes
        self.strides = [math.prod(sizes[i + 1 :]) for i in range(len(sizes))]
        self.size = math.prod(sizes)
        #: The set of every point.
        self.full = (1 << self.size) - 1
        self._where: dict[tuple[int, int], int] = {}

    def where(self, axis: int, value: int) -> int:
        """Return the set of points whose coordinate ``axis`` is ``value``."""
        key = (axis, value)
        found = self._where.get(key)
        if found is None:
            stride = self.strides[axis]
            period = stride * self.sizes[axis]
            # One block of `stride` ones per period, repeated over the whole space.
            repeat = self.full // ((1 << period) - 1)
            found = repeat * (((1 << stride) - 1) << (value * stride))
            self._where[key] = found
        return found

    def point(self, points: int) -> list[int]:
        """Return the coordinates of the lowest point of a non-empty set."""
        x = (points & -points).bit_length() - 1
        return [(x // s) % n for s, n in zip(self.strides, self.sizes, strict=True)]

    def is_cylinder(self, points: int, axis: int) -> bool:
        """Whether changing coordinate ``axis`` alone never leaves or enters ``points``."""
        stride = self.strides[axis]
        first = points & self.where(axis, 0)
        return all(
            (points & self.where(axis, v)) >> (v * stride) == first
            for v in range(1, self.sizes[axis])
        )
