"""Small list files for the records tests, written in the trade.gov CSL CSV format."""

from __future__ import annotations

import csv
from pathlib import Path

from stackclear.screening.parsers.csl_csv import COLUMNS

EL = "Entity List (EL) - Bureau of Industry and Security"
SDN = "Specially Designated Nationals (SDN) - Treasury Department"


def entry(_id: str, name: str, *, source: str = EL, type_: str = "Entity", address: str = "",
          alt_names: str = "", remarks: str = "") -> dict[str, str]:  # fmt: skip
    return {"_id": _id, "source": source, "name": name, "type": type_, "addresses": address,
            "alt_names": alt_names, "remarks": remarks, "start_date": "2024-01-02"}  # fmt: skip


def write_csl(path: Path, entries: list[dict[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        for row in entries:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})
    return path


BASE = [
    entry("1", "Zhongxing Quantum Microelectronics Co., Ltd.", address="Shenzhen, CN"),
    entry("2", "Volga Precision Instruments JSC", address="Moscow, RU"),
    entry("3", "Tehran Advanced Lithography Company", address="Tehran, IR"),
    entry("4", "Caspian Maritime Logistics LLC", address="Baku, AZ"),
    entry("5", "Dmitri Ivanovich KOVALENKO", source=SDN, type_="Individual", address="Kyiv, UA"),
]
