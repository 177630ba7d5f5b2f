"""Export licenses, recorded determinations and draws against licenses.

    add_file(db, "license.yaml", actor=...)             # one license, a list, or {licenses: [...]}
    record_determination(db, result, actor=..., license_number="D123456", values={"gpus": 2.5e7})

A license authorises listed ECCNs to listed destinations (and, when it names them, listed parties) up to a
quantity and/or a value until it expires. A draw takes the items of a determination whose verdict is
LICENSE_REQUIRED and refuses, with the reason, when the license is unknown, expired (or not yet valid)
on the determination's date, for another destination, party or ECCN, or when the draw would exceed what
remains. The determination is recorded either way; the draw or the refusal is its own audit record, in
the same transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pycountry
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from stackclear.records import audit
from stackclear.records.db import Database
from stackclear.records.errors import LicenseRefused, NotFoundError, RecordsError
from stackclear.records.models import Determination, License, LicenseDraw, utcnow
from stackclear.yaml12 import strict_loader

FIELDS = {"number", "holder", "eccns", "destinations", "parties", "quantity", "value_usd", "expires", "issued"}
_ECCN = re.compile(r"^[0-9][A-E][0-9]{3}[A-Za-z0-9.]*$")


def _norm_party(name: str) -> str:
    return " ".join(name.casefold().replace(",", " ").replace(".", " ").split())


def _date(raw: object, where: str) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise RecordsError(f"{where}: expected a date YYYY-MM-DD, got {raw!r}") from None


def _strings(raw: object, where: str, required: bool) -> list[str]:
    if raw is None:
        if required:
            raise RecordsError(f"{where}: required (a list)")
        return []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        raise RecordsError(f"{where}: expected a list of non-empty strings")
    if required and not raw:
        raise RecordsError(f"{where}: expected at least one value")
    return [x.strip() for x in raw]


def parse_license(data: object, where: str) -> dict[str, Any]:
    """One license mapping → validated values; RecordsError names the file, entry and field."""
    if not isinstance(data, dict):
        raise RecordsError(f"{where}: expected a mapping with number, eccns, destinations, expires")
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise RecordsError(f"{where}: unknown field(s) {', '.join(unknown)}; expected {', '.join(sorted(FIELDS))}")
    number = str(data.get("number") or "").strip()
    if not number or len(number) > 100:
        raise RecordsError(f"{where}.number: required, 1 to 100 characters")
    eccns = [e.upper() for e in _strings(data.get("eccns"), f"{where}.eccns", True)]
    for eccn in eccns:
        if not _ECCN.match(eccn):
            raise RecordsError(f"{where}.eccns: {eccn!r} is not an ECCN such as 3A090 or 4A090.a")
    destinations = [d.upper() for d in _strings(data.get("destinations"), f"{where}.destinations", True)]
    for code in destinations:
        if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
            raise RecordsError(f"{where}.destinations: {code!r} is not an ISO 3166-1 alpha-2 code")
    limits: dict[str, Any] = {}
    for key, kind in (("quantity", int), ("value_usd", float)):
        raw = data.get(key)
        if raw is None:
            limits[key] = None
            continue
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or raw < 0 or (kind is int and raw != int(raw)):
            raise RecordsError(f"{where}.{key}: expected a {'whole ' if kind is int else ''}number >= 0, got {raw!r}")
        limits[key] = kind(raw)
    if "expires" not in data:
        raise RecordsError(f"{where}.expires: required (YYYY-MM-DD)")
    return {
        "number": number,
        "holder": str(data["holder"]).strip() if data.get("holder") else None,
        "eccns": eccns,
        "destinations": destinations,
        "parties": _strings(data.get("parties"), f"{where}.parties", False),
        "quantity_limit": limits["quantity"],
        "value_limit": limits["value_usd"],
        "expires": _date(data["expires"], f"{where}.expires"),
        "issued": _date(data["issued"], f"{where}.issued") if data.get("issued") else None,
    }


def load_file(path: str) -> list[dict[str, Any]]:
    file = Path(path)
    if not file.is_file():
        raise RecordsError(f"{path}: no such file")
    text = file.read_text(encoding="utf-8")
    try:
        data = json.loads(text) if file.suffix.lower() == ".json" else yaml.load(text, Loader=strict_loader())  # noqa: S506
    except Exception as exc:  # the YAML/JSON parser's own message names line and column
        raise RecordsError(f"{path}: not valid {'JSON' if file.suffix.lower() == '.json' else 'YAML'}: {exc}") from None
    if isinstance(data, dict) and "licenses" in data:
        data = data["licenses"]
    items = data if isinstance(data, list) else [data]
    return [parse_license(item, f"{path}: licenses[{i}]" if len(items) > 1 else path) for i, item in enumerate(items)]


def license_dict(lic: License) -> dict[str, Any]:
    return {
        "number": lic.number,
        "holder": lic.holder,
        "eccns": json.loads(lic.eccns),
        "destinations": json.loads(lic.destinations),
        "parties": json.loads(lic.parties),
        "quantity_limit": lic.quantity_limit,
        "quantity_used": lic.quantity_used,
        "quantity_remaining": None if lic.quantity_limit is None else lic.quantity_limit - lic.quantity_used,
        "value_limit": lic.value_limit,
        "value_used": lic.value_used,
        "value_remaining": None if lic.value_limit is None else lic.value_limit - lic.value_used,
        "issued": lic.issued.isoformat() if lic.issued else None,
        "expires": lic.expires.isoformat(),
    }


def add_file(db: Database, path: str, *, actor: str) -> list[dict[str, Any]]:
    return add_licenses(db, load_file(path), actor=actor, source=path)


def add_licenses(db: Database, items: list[dict[str, Any]], *, actor: str, source: str = "api") -> list[dict[str, Any]]:
    """Add validated licenses (all or none); an existing number is an error."""
    numbers = [i["number"] for i in items]
    dupes = sorted({n for n in numbers if numbers.count(n) > 1})
    if dupes:
        raise RecordsError(f"{source}: license number(s) {', '.join(dupes)} appear more than once")
    out = []
    with db.write() as session:
        for item in items:
            if session.get(License, item["number"]) is not None:
                raise RecordsError(f"{source}: license {item['number']} already exists (nothing was added)")
            lic = License(number=item["number"], holder=item["holder"], eccns=json.dumps(item["eccns"]),
                          destinations=json.dumps(item["destinations"]), parties=json.dumps(item["parties"]),
                          quantity_limit=item["quantity_limit"], value_limit=item["value_limit"], quantity_used=0,
                          value_used=0.0, issued=item["issued"], expires=item["expires"], created_at=utcnow(),
                          version=1)  # fmt: skip
            session.add(lic)
            session.flush()
            out.append(license_dict(lic))
            audit.append(session, "license.add", {**out[-1], "source": source}, actor=actor)
    return out


def list_licenses(db: Database) -> list[dict[str, Any]]:
    with db.read() as session:
        rows = []
        for lic in session.execute(select(License).order_by(License.number)).scalars():
            item = license_dict(lic)
            item["draws"] = [{"determination": d.determination_id, "quantity": d.quantity, "value": d.value,
                              "at": d.at.isoformat(), "audit_record": d.audit_seq}
                             for d in session.execute(select(LicenseDraw).where(
                                 LicenseDraw.license_number == lic.number).order_by(LicenseDraw.id)).scalars()]
            rows.append(item)
        return rows


def _covers(eccns: list[str], eccn: str) -> bool:
    eccn = eccn.upper()
    return any(eccn == e or eccn.startswith(e + ".") for e in eccns)


def check_draw(lic: License, result: dict[str, Any], values: dict[str, float | None]) -> tuple[int, float, list[str]]:
    """(quantity, value, item ids) to draw, or LicenseRefused with the reason."""
    n = lic.number
    day = _date(result.get("as_of") or dt.date.today().isoformat(), "as_of")
    if day > lic.expires:
        raise LicenseRefused(f"license {n} expired on {lic.expires} (the shipment is dated {day})")
    if lic.issued and day < lic.issued:
        raise LicenseRefused(f"license {n} is valid from {lic.issued} (the shipment is dated {day})")
    verdict = result.get("verdict")
    if verdict in ("PROHIBITED", "HOLD"):
        raise LicenseRefused(f"the package's verdict is {verdict}: no license can be drawn until that is resolved")
    destination = str(result.get("destination") or "").upper()
    destinations = json.loads(lic.destinations)
    if destination not in destinations:
        raise LicenseRefused(f"license {n} is for {', '.join(destinations)}, not the destination {destination or '?'}")
    allowed = {_norm_party(p) for p in json.loads(lic.parties)}
    if allowed:
        for party in result.get("parties") or []:
            name = str(party.get("name", ""))
            if _norm_party(name) not in allowed:
                named = ", ".join(json.loads(lic.parties))
                raise LicenseRefused(f"party {name!r} is not on license {n} (it names {named})")
    items = [i for i in result.get("items") or [] if i.get("verdict") == "LICENSE_REQUIRED"]
    if not items:
        raise LicenseRefused(f"no item of this package needs a license (verdict {verdict}); nothing to draw on {n}")
    eccns = json.loads(lic.eccns)
    quantity = 0
    value = 0.0
    for item in items:
        eccn = str(item.get("eccn") or "")
        if not _covers(eccns, eccn):
            raise LicenseRefused(f"item {item.get('id')!r} is {eccn or 'unclassified'}; license {n} covers "
                                 f"{', '.join(eccns)}")  # fmt: skip
        quantity += int(item.get("quantity") or 1)
        item_value = values.get(str(item.get("id")))
        if item_value is None and lic.value_limit is not None:
            raise LicenseRefused(f"item {item.get('id')!r} has no value_usd and license {n} limits value; "
                                 "give the item a value_usd")  # fmt: skip
        value += float(item_value or 0.0)
    if lic.quantity_limit is not None and lic.quantity_used + quantity > lic.quantity_limit:
        left = lic.quantity_limit - lic.quantity_used
        raise LicenseRefused(f"over-use: this draw is {quantity} units, license {n} has {left} of "
                             f"{lic.quantity_limit} left")  # fmt: skip
    if lic.value_limit is not None and lic.value_used + value > lic.value_limit + 1e-6:
        left_value = lic.value_limit - lic.value_used
        raise LicenseRefused(f"over-use: this draw is ${value:,.2f}, license {n} has ${left_value:,.2f} of "
                             f"${lic.value_limit:,.2f} left")  # fmt: skip
    return quantity, value, [str(i.get("id")) for i in items]


def record_determination(
    db: Database,
    result: dict[str, Any],
    *,
    actor: str,
    license_number: str | None = None,
    values: dict[str, float | None] | None = None,
) -> dict[str, Any]:
    """Store a determination (its full JSON) and, with ``license_number``, draw against that license.

    Returns {"id", "audit_record", "license"?: {"number", "drawn"|"refused", ...}}. A refusal is recorded
    (the determination too) and reported in the return value, not raised.
    """
    text = json.dumps(result, sort_keys=True, ensure_ascii=False, default=str)
    out: dict[str, Any] = {}
    with db.write() as session:
        det = Determination(package=str(result.get("name") or result.get("source") or ""),
                            verdict=str(result.get("verdict")), as_of=str(result.get("as_of") or ""), result=text,
                            license_number=None, actor=actor, recorded_at=utcnow(), audit_seq=0)  # fmt: skip
        session.add(det)
        session.flush()
        versions = {"rule_set": result.get("rule_set"), "matcher": result.get("matcher"),
                    "lists": [x.get("sha256") for x in result.get("lists") or [] if isinstance(x, dict)]}
        record = audit.append(session, "determination.record", {"determination_id": det.id, "result": result},
                              actor=actor, versions=versions)  # fmt: skip
        det.audit_seq = record.seq
        out = {"id": det.id, "audit_record": record.seq, "verdict": det.verdict}
        if license_number is not None:
            out["license"] = _draw(session, det, result, license_number, values or {}, actor)
    return out


def _draw(session: Session, det: Determination, result: dict[str, Any], number: str, values: dict[str, float | None],
          actor: str) -> dict[str, Any]:  # fmt: skip
    lic = session.execute(select(License).where(License.number == number).with_for_update()).scalar_one_or_none()
    try:
        if lic is None:
            raise LicenseRefused(f"no license {number!r} (add it with `stackclear licenses add FILE`)")
        quantity, value, items = check_draw(lic, result, values)
    except LicenseRefused as exc:
        record = audit.append(session, "license.refused", {"license": number, "determination_id": det.id,
                                                           "reason": str(exc)}, actor=actor)  # fmt: skip
        return {"number": number, "refused": str(exc), "audit_record": record.seq}
    lic.quantity_used += quantity
    lic.value_used += value
    lic.version += 1
    det.license_number = number
    record = audit.append(session, "license.draw", {
        "license": number, "determination_id": det.id, "items": items, "quantity": quantity, "value": value,
        "quantity_used": lic.quantity_used, "value_used": lic.value_used,
    }, actor=actor)  # fmt: skip
    session.add(LicenseDraw(license_number=number, determination_id=det.id, quantity=quantity, value=value,
                            at=utcnow(), audit_seq=record.seq))  # fmt: skip
    remaining = license_dict(lic)
    return {"number": number, "drawn": {"quantity": quantity, "value": value, "items": items},
            "quantity_remaining": remaining["quantity_remaining"], "value_remaining": remaining["value_remaining"],
            "audit_record": record.seq}


def get_determination(db: Database, det_id: int) -> dict[str, Any]:
    with db.read() as session:
        det = session.get(Determination, det_id)
        if det is None:
            raise NotFoundError(f"no recorded determination {det_id}")
        return {"id": det.id, "verdict": det.verdict, "as_of": det.as_of, "actor": det.actor,
                "recorded_at": det.recorded_at.isoformat(), "license": det.license_number,
                "audit_record": det.audit_seq, "result": json.loads(det.result)}  # fmt: skip
