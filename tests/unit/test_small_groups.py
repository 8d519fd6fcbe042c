"""Merging small groups of a breakdown: no group under the minimum can ever be recovered."""

from __future__ import annotations

import pytest

from bot.core.figures import OTHER_GROUPS, merge_small_groups


def _merge_outcomes(sizes: dict[str, int], minimum: int) -> None:
    mapping, hidden = merge_small_groups(sizes, minimum)
    shown = {key for key, target in mapping.items() if target == key}
    merged = [key for key, target in mapping.items() if target == OTHER_GROUPS]
    left_out = set(sizes) - set(mapping)
    assert hidden == sum(sizes[k] for k in left_out)
    assert all(sizes[k] >= minimum for k in shown), (sizes, mapping)
    if merged:
        assert sum(sizes[k] for k in merged) >= minimum, (sizes, mapping)
        assert len(merged) >= 2, ("a merged group alone is exposed", sizes, mapping)
    # The groups shown (merged or not) cover either everybody or nobody: otherwise the
    # overall figures minus the shown groups give away the hidden ones.
    assert hidden == 0 or not mapping, (sizes, mapping, hidden)


@pytest.mark.parametrize("minimum", [2, 3, 5])
def test_merging_small_groups_never_leaves_one_recoverable(minimum: int) -> None:
    values = [0, 1, 2, 3, 4, 5, 7]
    for a in values:
        for b in values:
            for c in values:
                for d in (0, 1, 6):
                    sizes = {
                        k: n
                        for k, n in zip(
                            ("agpr", "agdp", "tresorerie", "other"), (a, b, c, d), strict=True
                        )
                        if n
                    }
                    _merge_outcomes(sizes, minimum)
