"""``stackclear-v1`` is frozen: its outputs on ~5,000 real queries are pinned by a digest.

The digest was computed with the code of commit c27284d (before stackclear-v2 existed) by
``python tests/screening/v1_golden.py``. If this test fails, v1's behaviour changed: an old screening
decision could no longer be reproduced. Improvements belong in stackclear-v2.
"""

from __future__ import annotations

import pytest
from v1_golden import digest, golden_outputs

from conftest import shared_file

V1_QUERIES = 5083
V1_ENTRY_HITS = 6349
V1_DIGEST = "448174ee761e467f07f79fbcd0440bb16ca8a5dff6373805e31ab32aa78dea10"


@pytest.mark.slow
def test_v1_outputs_unchanged_on_real_queries() -> None:
    shared = shared_file("lists", "csl_2022-05_full.csv").parents[1]
    shared_file("lists", "csl_2023-11_partial.csv")
    shared_file("eval", "negatives_us_synthetic.csv")
    out = golden_outputs(shared)
    assert len(out["screened"]) == V1_QUERIES
    assert sum(len(s[2]) for s in out["screened"]) == V1_ENTRY_HITS
    assert digest(out) == V1_DIGEST
