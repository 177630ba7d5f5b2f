"""OFAC's SDN list as XML, in the published ``sdnList`` schema (sdn.xml; SDN_ENHANCED-era layout).

    <sdnList xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML">
      <publshInformation><Publish_Date>07/02/2024</Publish_Date><Record_Count>..</Record_Count>
      <sdnEntry>
        <uid>36</uid><firstName/>?<lastName>..</lastName><title/>?<sdnType>Individual|Entity|Vessel|Aircraft
        <remarks/>? <programList><program>..</program>*</programList>
        <idList><id><uid/><idType/><idNumber/><idCountry/>?<issueDate/>?<expirationDate/>?</id>*</idList>
        <akaList><aka><uid/><type>a.k.a.</type><category>strong|weak</category><lastName/><firstName/>?
        <addressList><address><uid/><address1/>..<address3/><city/><stateOrProvince/><postalCode/><country/>
        <nationalityList>/<citizenshipList> <nationality|citizenship><uid/><country/><mainEntry/>
        <dateOfBirthList><dateOfBirthItem><uid/><dateOfBirth>..</dateOfBirth><mainEntry/>
        <placeOfBirthList><placeOfBirthItem><uid/><placeOfBirth/>
        <vesselInfo><callSign/><vesselType/><vesselFlag/><vesselOwner/><tonnage/><grossRegisteredTonnage/>

The namespace has changed over the years (tempuri.org, then treasury.gov, then sanctionslistservice), so
tags are matched by local name. Parsing is streamed (iterparse) so a 20 MB file stays cheap. The publish
date becomes ``as_of``. Other OFAC XML schemas (sdn_advanced.xml, the newer SDN_ENHANCED
``sanctionsData``) are refused with a clear error rather than half-read.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from stackclear.errors import ListDataError
from stackclear.screening.model import ListEntry
from stackclear.screening.parsers.common import IdAllocator, ParseResult, countries_of, schema_for_type, unique
from stackclear.screening.parsers.ofac_csv import CODE, SOURCE, SOURCE_URL, iso_dob

_ADDRESS_PARTS = ("address1", "address2", "address3", "city", "stateOrProvince", "postalCode", "country")
_VESSEL_PARTS = (
    ("callSign", "Call Sign"),
    ("vesselType", "Vessel Type"),
    ("vesselFlag", "Vessel Flag"),
    ("vesselOwner", "Vessel Owner"),
    ("tonnage", "Tonnage"),
    ("grossRegisteredTonnage", "GRT"),
)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: ET.Element | None, name: str) -> str:
    if element is None:
        return ""
    child = _child(element, name)
    return (child.text or "").strip() if child is not None else ""


def _items(entry: ET.Element, list_name: str, item_name: str) -> list[ET.Element]:
    container = _child(entry, list_name)
    return _children(container, item_name) if container is not None else []


def _person_name(element: ET.Element) -> str:
    """OFAC writes people as "LAST, First" in its CSV and human-readable lists; keep that order here."""
    last, first = _text(element, "lastName"), _text(element, "firstName")
    return f"{last}, {first}" if last and first else (last or first)


def parse(path: Path) -> ParseResult:
    """Stream the sdnList XML at ``path`` into entries; the publish date becomes ``as_of``."""
    file = str(path)
    result = ParseResult()
    ids = IdAllocator()
    root_seen = False
    try:
        for event, element in ET.iterparse(file, events=("start", "end")):
            name = _local(element.tag)
            if event == "start":
                if not root_seen:
                    root_seen = True
                    if name != "sdnList":
                        raise ListDataError(
                            file, f"root element is <{name}>, expected OFAC's <sdnList> (sdn.xml); "
                            "other OFAC XML schemas are not supported", field=name,
                        )  # fmt: skip
                continue
            if name == "publshInformation":
                result.as_of = _publish_date(file, _text(element, "Publish_Date"))
            elif name == "sdnEntry":
                result.entries.append(_entry(file, element, ids))
                element.clear()
    except ET.ParseError as exc:
        line, column = exc.position
        problem = exc.msg.split(": line ", 1)[0]
        raise ListDataError(file, f"malformed XML at column {column}: {problem}", line=line) from None
    if not root_seen:
        raise ListDataError(file, "empty XML document; expected <sdnList>")
    return result


def _publish_date(file: str, raw: str) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.datetime.strptime(raw, "%m/%d/%Y").date()
    except ValueError:
        raise ListDataError(file, f"Publish_Date {raw!r} is not MM/DD/YYYY", field="Publish_Date") from None


def _entry(file: str, element: ET.Element, ids: IdAllocator) -> ListEntry:
    uid = _text(element, "uid")
    if not uid.isdigit():
        raise ListDataError(file, f"sdnEntry uid {uid!r} is not a number", field="sdnEntry/uid")
    where = f"sdnEntry[uid={uid}]"
    sdn_type = _text(element, "sdnType")
    schema = schema_for_type(sdn_type, blank="Organization")
    if schema is None:
        raise ListDataError(file, f"unknown sdnType {sdn_type!r}; expected Individual, Entity, Vessel or "
                            "Aircraft", field=f"{where}/sdnType")  # fmt: skip
    name = _person_name(element)
    if not name:
        raise ListDataError(file, "entry has no lastName/firstName", field=f"{where}/lastName")
    strong: list[str] = []
    weak: list[str] = []
    for aka in _items(element, "akaList", "aka"):
        alias = _person_name(aka)
        if alias and alias != name:
            (weak if _text(aka, "category").casefold() == "weak" else strong).append(alias)
    addresses: list[str] = []
    address_countries: list[str] = []
    for address in _items(element, "addressList", "address"):
        text = ", ".join(p for p in (_text(address, k) for k in _ADDRESS_PARTS) if p)
        if text:
            addresses.append(text)
        address_countries.append(_text(address, "country"))
    nationals = [_text(n, "country") for n in _items(element, "nationalityList", "nationality")]
    nationals += [_text(c, "country") for c in _items(element, "citizenshipList", "citizenship")]
    id_values = [
        " ".join(p for p in (_text(i, "idType"), _text(i, "idNumber")) if p)
        + (f" ({_text(i, 'idCountry')})" if _text(i, "idCountry") else "")
        for i in _items(element, "idList", "id")
    ]
    vessel = _child(element, "vesselInfo")
    id_values += [f"{label}: {_text(vessel, tag)}" for tag, label in _VESSEL_PARTS if _text(vessel, tag)]
    births = [_text(p, "placeOfBirth") for p in _items(element, "placeOfBirthList", "placeOfBirthItem")]
    remarks = [
        f"Title: {_text(element, 'title')}" if _text(element, "title") else "",
        f"Place of birth: {'; '.join(b for b in births if b)}" if any(births) else "",
        _text(element, "remarks"),
    ]
    return ListEntry(
        entry_id=ids.make(CODE, uid),
        source=SOURCE,
        source_code=CODE,
        schema=schema,
        name=name,
        aliases=unique(strong),
        weak_aliases=unique(weak),
        addresses=addresses,
        countries=countries_of([*nationals, *address_countries]),
        programs=[p.text.strip() for p in _items(element, "programList", "program") if p.text and p.text.strip()],
        dates_of_birth=[
            iso_dob(d)
            for d in (_text(b, "dateOfBirth") for b in _items(element, "dateOfBirthList", "dateOfBirthItem"))
            if d
        ],
        ids=[i for i in id_values if i],
        remarks="; ".join(r for r in remarks if r) or None,
        source_url=SOURCE_URL,
    )
