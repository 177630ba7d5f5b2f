"""The parties and licenses pages in a real browser: store a party by the form and by a file, see it in the
list and open it (screened against the current lists, its cases once re-screened); add a license, read it
back; roles that may not write (or read) are refused, and injection strings are shown as text.
Each test saves screenshots."""

from __future__ import annotations

import re
from typing import Any

from .conftest import Server, shot, sign_in

INJECTION = "<img src=x onerror=alert(1)>{{7*7}} [bold red]Acme[/] '; DROP TABLE parties;--"


def _csrf(page: Any) -> str:
    token = page.locator("header form.who input[name=csrf_token]").get_attribute("value")
    assert token
    return str(token)


def test_parties_add_import_list_open_and_rescreen(page: Any, server: Server) -> None:
    sign_in(page, server, "screener")
    page.get_by_role("link", name="Parties", exact=True).click()
    page.wait_for_url("**/parties")
    page.get_by_label("Id (your key for this party)").fill("crm-web-sophgo")
    page.get_by_label("Name", exact=True).fill("Sophgo Technologies Limited")
    page.get_by_label("Country (ISO-2)").fill("CN")
    page.get_by_role("button", name="Save party").click()
    page.wait_for_url("**/parties/crm-web-sophgo?saved=1")
    assert "Saved" in page.locator("#saved").inner_text()
    assert "Sophgo Technologies Limited" in page.locator("#party").inner_text()
    results = page.locator("#results")
    assert "HIT" in results.locator("h2").inner_text()  # screened now against the current lists
    assert "Sophgo Technologies Ltd." in results.locator("article.hit").first.inner_text()
    assert page.locator("#party-cases").count() == 0  # cases are for reviewers
    shot(page, "party_view")

    # A file with a good row, a row without an id and the injection string: bad rows listed with their line.
    page.get_by_role("link", name="Parties", exact=True).click()
    page.wait_for_url("**/parties")
    csv = f"id,name,country\ncrm-web-10,Bavarian Widgets GmbH,DE\n,No Id Ltd,DE\ncrm-web-11,\"{INJECTION}\",US\n"
    page.get_by_label("Parties file", exact=False).set_input_files(
        files=[{"name": "parties.csv", "mimeType": "text/csv", "buffer": csv.encode()}])
    page.get_by_role("button", name="Import").click()
    imported = page.locator("#imported")
    imported.wait_for()
    assert "Imported 2 new" in imported.inner_text()
    assert "line 3: id: empty" in imported.inner_text()
    page.get_by_label("Id, name or country contains").fill("crm-web")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**q=crm-web**")
    rows = page.locator("#parties tbody tr")
    assert rows.count() == 3
    assert INJECTION in page.locator("#parties").inner_text()  # stored and shown as text
    assert page.locator("main img").count() == 0
    shot(page, "parties_list")
    page.get_by_role("link", name="crm-web-11").click()
    page.wait_for_url("**/parties/crm-web-11")
    assert re.search(r"Name\s+" + re.escape(INJECTION), page.locator("#party").inner_text())
    assert "49" not in page.locator("#party").inner_text()  # no template evaluation
    assert page.locator("main img").count() == 0
    assert page.get_by_role("button", name="Re-screen now").count() == 0  # admins only

    # An admin re-screens: the listed party gets a case, which its page shows.
    sign_in(page, server, "admin")
    page.goto("/parties")
    page.get_by_role("button", name="Re-screen now").click()
    done = page.locator("#rescreened")
    done.wait_for()
    opened = re.search(r"(\d+) case\(s\) opened", done.inner_text())
    assert opened and int(opened[1]) >= 1, done.inner_text()
    page.goto("/parties/crm-web-sophgo")
    cases = page.locator("#party-cases")
    assert "Sophgo Technologies Ltd." in cases.inner_text() and "open" in cases.inner_text()
    shot(page, "party_cases")
    assert page.console_errors == [], "\n".join(page.console_errors)


def test_a_viewer_is_refused_the_parties_and_licenses(page: Any, server: Server) -> None:
    sign_in(page, server, "viewer")
    assert page.get_by_role("link", name="Parties", exact=True).count() == 0  # not offered...
    assert page.get_by_role("link", name="Licenses", exact=True).count() == 0
    for path in ("/parties", "/licenses"):
        answer = page.goto(path)  # ...and refused when asked for
        assert answer is not None and answer.status == 403
        assert "needs the" in page.locator("main").inner_text()
    answer = page.request.post("/parties", form={"csrf_token": _csrf(page), "id": "v-1", "name": "Viewer Co"})
    assert answer.status == 403


def test_licenses_add_list_open_and_a_reviewer_may_not_add(page: Any, server: Server) -> None:
    sign_in(page, server, "admin")
    page.get_by_role("link", name="Licenses", exact=True).click()
    page.wait_for_url("**/licenses")
    form = {"License number": "D-WEB-0001", "Holder": "Example Exporter Inc.", "ECCNs (comma-separated)":
            "3A090.a, 4A090.a", "Destinations (ISO-2, comma-separated)": "SA, XX",
            "Quantity limit (units; empty: none)": "2048", "Value limit (USD; empty: none)": "60000000",
            "Issued": "2026-01-01", "Expires": "2028-06-30"}
    for label, value in form.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Parties (one per line; empty: any)").fill("Example Cloud Co.")
    page.get_by_role("button", name="Add license").click()
    error = page.locator("#error")
    error.wait_for()  # a bad destination: refused, naming the field; what was typed is kept
    assert "destinations" in error.inner_text() and "XX" in error.inner_text()
    assert page.get_by_label("License number").input_value() == "D-WEB-0001"
    page.get_by_label("Destinations (ISO-2, comma-separated)").fill("SA, AE")
    page.get_by_role("button", name="Add license").click()
    page.wait_for_url("**/licenses/D-WEB-0001?saved=1")
    detail = page.locator("#license").inner_text()
    assert "SA, AE" in detail and "3A090.A" in detail and "Example Cloud Co." in detail
    assert "0 used of 2,048, 2,048 remaining" in detail
    shot(page, "license_view")
    page.get_by_role("link", name="All licenses").click()
    page.wait_for_url("**/licenses")
    row = page.locator("#licenses tbody tr", has_text="D-WEB-0001")
    assert row.count() == 1 and "valid" in row.inner_text()

    sign_in(page, server, "reviewer")
    page.get_by_role("link", name="Licenses", exact=True).click()
    page.wait_for_url("**/licenses")
    assert "D-WEB-0001" in page.locator("#licenses").inner_text()  # a reviewer reads them
    assert page.get_by_role("button", name="Add license").count() == 0  # but is offered no form
    answer = page.request.post("/licenses", form={"csrf_token": _csrf(page), "number": "D-WEB-0002",
                                                  "eccns": "3A090", "destinations": "SA", "expires": "2028-01-01"})
    assert answer.status == 403  # and is refused with a valid session and CSRF token
    page.reload()
    assert "D-WEB-0002" not in page.locator("#licenses").inner_text()
    shot(page, "licenses_reviewer")
    expected = "the server responded with a status of 422"  # the refused form (the browser logs the status)
    errors = [e for e in page.console_errors if expected not in e]
    assert errors == [], "\n".join(errors)
