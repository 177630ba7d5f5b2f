"""The console in a real browser: sign in, screen a listed name, evaluate a package and read the verdict,
change the as-of date and see the diff, open the chip explorer. Each test saves a screenshot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .conftest import REPO, Server, shot, sign_in

PACKAGES = REPO / "examples" / "packages"


def test_sign_in_and_screen_a_listed_name(page: Any, server: Server) -> None:
    page.goto("/screen")
    assert "/login" in page.url  # no session: sent to the sign-in page
    sign_in(page, server, "screener")
    page.get_by_label("Name").fill("Huawei Technologies")
    page.get_by_label("Country (ISO-2)").fill("CN")
    page.get_by_role("button", name="Screen").click()
    decision = page.locator("h2.decision")
    decision.wait_for()
    assert decision.inner_text().startswith("HIT")
    hits = page.locator("article.hit")
    assert hits.count() >= 2  # one group per listed entity (CMIC and Entity List entries)
    assert "Entity List" in page.locator("#results").inner_text()
    assert page.locator("article.hit table").first.locator("tbody tr").count() >= 2  # features explained
    shot(page, "screen_hit")
    assert page.console_errors == [], "\n".join(page.console_errors)


def test_evaluate_a_package_then_change_the_date_and_see_the_diff(page: Any, server: Server) -> None:
    sign_in(page, server, "screener")
    page.get_by_role("link", name="Evaluate a package").click()
    page.wait_for_url("**/package")
    text = (PACKAGES / "h20_china_internet_2024.yaml").read_text(encoding="utf-8")
    page.get_by_label("Package (YAML or JSON", exact=False).fill(text)
    page.get_by_label("As of").fill("2025-06-01")
    page.get_by_role("button", name="Evaluate").click()
    verdict = page.locator("#verdict")
    verdict.wait_for()
    first = verdict.inner_text()
    assert first in {"LICENSE REQUIRED", "PROHIBITED", "HOLD", "LICENSE EXCEPTION", "NO LICENSE REQUIRED"}
    assert "15 CFR" in page.locator("#results").inner_text()  # reasons carry citations
    shot(page, "package_verdict")
    page.get_by_label("Compare with the date").fill("2023-11-16")
    page.get_by_role("button", name="Evaluate").click()
    diff = page.locator("#diff")
    diff.wait_for()
    assert "2023-11-16" in diff.inner_text() and "2025-06-01" in diff.inner_text()
    assert "because" in diff.inner_text()  # the rule change behind the flip
    shot(page, "package_diff")
    assert page.console_errors == [], "\n".join(page.console_errors)


def test_chip_explorer(page: Any, server: Server) -> None:
    sign_in(page, server, "viewer")
    page.get_by_role("link", name="Chip explorer").click()
    page.wait_for_url("**/chips**")
    page.get_by_label("As of").first.fill("2024-06-01")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**as_of=2024-06-01**")
    chart = page.locator("svg#chart")
    assert chart.locator("a.point").count() >= 40
    assert chart.locator("rect.region").count() == 4  # a.1, a.2, b.1, b.2 from the rule thresholds
    point = chart.locator('a.point[aria-label^="NVIDIA H100 SXM5 80GB:"]')
    assert "3A090.a" in point.get_attribute("aria-label")  # what hovering shows (its <title>)
    point.focus()  # points are links: keyboard users reach them too
    page.keyboard.press("Enter")
    page.wait_for_url("**chip=NVIDIA**")
    detail = page.locator("#detail")
    detail.wait_for()
    assert detail.inner_text().startswith("NVIDIA H100 SXM5 80GB: 3A090.a")
    shot(page, "chip_explorer")
    page.get_by_label("FP16 dense T(FL)OPS").fill("150")
    page.get_by_label("Die area (mm²)").fill("600")
    page.get_by_role("button", name="Classify").click()
    page.wait_for_url("**fp16=150**")
    assert "your chip" in page.locator("#detail").inner_text()
    assert page.console_errors == [], "\n".join(page.console_errors)


def test_lists_page_shows_the_snapshot(page: Any, server: Server) -> None:
    sign_in(page, server, "admin")
    page.get_by_role("link", name="Lists").click()
    page.wait_for_url("**/lists")
    body = page.locator("main").inner_text()
    assert "Fresh" in body and "Entries per list" in body
    shot(page, "lists")


def test_keyboard_only_sign_in(page: Any, server: Server) -> None:
    page.goto("/login")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")
    page.keyboard.type(server.keys["viewer"])
    page.keyboard.press("Enter")
    page.wait_for_url("**/screen")


def test_no_keys_or_party_names_in_the_server_log(page: Any, server: Server) -> None:
    sign_in(page, server, "screener")
    page.get_by_label("Name").fill("Zhipu AI")
    page.get_by_role("button", name="Screen").click()
    page.locator("h2.decision").wait_for()
    import httpx

    httpx.post(server.url + "/v1/screen?name=Leaky%20Party%20Name", json={"name": "Another Secret Party"},
               headers={"Authorization": f"Bearer {server.keys['screener']}"})
    log = Path(server.log).read_text()
    assert "POST /v1/screen" in log  # the access log is on
    for secret in ("Zhipu", "Leaky", "Another Secret Party", *server.keys.values()):
        assert secret not in log


def test_decide_a_case(page: Any, server: Server) -> None:
    sign_in(page, server, "reviewer")
    page.get_by_role("link", name="Cases").click()
    page.wait_for_url("**/cases")
    page.get_by_label("Party or listed name contains").fill("Huawei")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**q=Huawei**")
    page.locator("table a[href^='/cases/']").first.click()
    page.wait_for_url("**/cases/*")
    assert "Your party" in page.locator("main").inner_text()
    assert "Listed entry" in page.locator("main").inner_text()  # the party beside the listed entry
    shot(page, "case_open")
    page.get_by_label("False positive", exact=False).check()
    page.get_by_label("Reason (what you checked)").fill("Different registered address and a different company")
    page.get_by_role("button", name="Record decision").click()
    done = page.locator("#decided")
    done.wait_for()
    assert "false positive by reviewer-user" in done.inner_text()
    shot(page, "case_decided")
    assert page.console_errors == [], "\n".join(page.console_errors)


def test_audit_search_and_verify(page: Any, server: Server) -> None:
    sign_in(page, server, "admin")
    page.get_by_role("link", name="Audit").click()
    page.wait_for_url("**/audit")
    page.get_by_role("button", name="Verify the chain").click()
    verdict = page.locator("#verdict")
    verdict.wait_for()
    assert "Chain intact" in verdict.inner_text()
    page.get_by_label("Kind").fill("rescreen")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**kind=rescreen**")
    assert "setup" in page.locator("table").inner_text()
    shot(page, "audit")
