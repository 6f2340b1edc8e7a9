"""The Decision 766 rebuild in SQL (``analytics.index766_sql``) gives exactly the sums of
``rules.index766.dossier_tally`` over every dossier, as the real-time path adds them
(``quality.tallies.Deltas``): on a generated year of dossiers (``analytics.synthetic``), whose
rows are the fold of their event logs, and on hand-written edge cases with missing values.
DuckDB here; the same statements on PostgreSQL when the suite runs on it."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from motcua.analytics import index766_sql as sql
from motcua.analytics.synthetic import ACTS, FACT_BIT, generate
from motcua.quality.tallies import Deltas
from motcua.rules.calendar import VN_TZ
from motcua.rules.dossier import Event, apply
from motcua.rules.index766 import COUNTERS, FACTS, DossierFacts, dossier_tally
from motcua.rules.lifecycle import Act, Role

AS_OF = datetime(2026, 1, 1, tzinfo=VN_TZ)
NOWS = (AS_OF, datetime(2025, 12, 19, 10, 0, tzinfo=VN_TZ))


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    manifest = generate(folder, 4000, seed=11, workers=1)
    assert manifest["as_of"] == AS_OF.isoformat()
    return folder, pq.read_table(folder / "dossiers.parquet").to_pylist(), pq.read_table(folder / "events.parquet")


def facts_of(row: dict) -> DossierFacts:
    return DossierFacts(received_at=row["received_at"], ended_at=row["ended_at"], due_at=row["due_at"],
                        reference_due_at=row["reference_due_at"], supplement_requests=row["supplement_requests"],
                        channel=row["channel"], facts={f: row[f] for f in FACTS}, disliked=row["disliked"])


def python_sums(rows: list[dict], now: datetime) -> sql.Sums:
    """What the real-time path would hold: every dossier's tally added with ``Deltas.add``."""
    deltas = Deltas()
    for row in rows:
        deltas.add(dossier_tally(facts_of(row)), 1, row["competent_unit"], row["receiving_unit"], row["procedure"])
    late_open = Counter()
    for (unit, role, month, due), n in deltas.open_due.items():
        if due < now:
            late_open[(unit, role, month)] += n
    tallies = {key: {**{n: v for n, v in c.items() if v and n in COUNTERS},
                     **({"late_open": late_open[key]} if late_open[key] else {})}
               for key, c in deltas.tallies.items()}
    return sql.Sums(tallies, {(u, r, m, d.astimezone(timezone.utc)): n for (u, r, m, d), n in deltas.open_due.items() if n},
                    {key: {n: v for n, v in c.items() if v} for key, c in deltas.procedures.items()})


def duckdb_sums(source: str, now: datetime, con=None) -> sql.Sums:
    con = con or duckdb.connect()
    sql.rebuild_duckdb(con, source, now)
    return sql.sums_duckdb(con)


def assert_same(got: sql.Sums, want: sql.Sums) -> None:
    assert got.tallies == want.tallies
    assert got.open_due == want.open_due
    assert got.procedures == want.procedures


@pytest.mark.nodb
@pytest.mark.parametrize("now", NOWS, ids=["year-end", "mid-december"])
def test_duckdb_sums_equal_the_python_tallies(data, now):
    folder, rows, _events = data
    want = python_sums(rows, now)
    if now == AS_OF:
        assert sum(c.get("late_open", 0) for c in want.tallies.values()) > 0  # late_open is exercised
    assert_same(duckdb_sums(sql.parquet_source(folder / "dossiers.parquet"), now), want)


@pytest.mark.nodb
def test_the_generated_year_holds_the_edge_cases(data):
    _folder, rows, _events = data
    received = [r for r in rows if r["received_at"]]
    cases = {
        "refused at intake (never received)": len(rows) - len(received),
        "open, past its deadline": sum(1 for r in received if r["ended_at"] is None and r["due_at"] is not None
                                       and min(r["due_at"], r["reference_due_at"]) < AS_OF),
        "open, in time": sum(1 for r in received if r["ended_at"] is None and r["due_at"] is not None
                             and min(r["due_at"], r["reference_due_at"]) >= AS_OF),
        "waiting for the applicant (clock stopped)": sum(1 for r in received if r["ended_at"] is None
                                                         and r["due_at"] is None),
        "extended": sum(1 for r in received if r["due_at"] and r["due_at"] > r["reference_due_at"]),
        "extended, done after the receipt's date": sum(1 for r in received if r["due_at"] and r["ended_at"]
                                                       and r["reference_due_at"] < r["ended_at"] <= r["due_at"]),
        "more than one supplement request": sum(1 for r in received if r["supplement_requests"] > 1),
        "zero-fee, paid online": sum(1 for r in received if r["paid_online"] and not r["fee"]),
        "late": sum(1 for r in received if r["ended_at"] and r["due_at"] and r["ended_at"] > r["due_at"]),
        "disliked": sum(1 for r in received if r["disliked"]),
    }
    assert all(cases.values()), cases
    online = sum(1 for r in rows if r["channel"] in ("online", "vneid")) / len(rows)
    assert 0.3 < online < 0.5


def _event(row: dict, dossier: dict) -> Event:
    """An events.parquet row as the log's ``Event`` (with the data the fold reads)."""
    act = Act(row["act"])
    facts = {name: True for name, bit in FACT_BIT.items() if (row["facts"] or 0) & bit}
    at = row["at"]
    data = {
        Act.FILE: lambda: {"channel": dossier["channel"], "electronic": dossier["channel"] in ("online", "vneid"),
                           "receiving_unit": dossier["receiving_unit"], "competent_unit": dossier["competent_unit"],
                           "budget": 0},
        Act.RECEIVE: lambda: {"code": f"X-{dossier['id']}", "clock_started_at": at.isoformat()},
        Act.RESUBMIT: lambda: {"clock_started_at": at.isoformat()},
        Act.RETURN_FOR_SUPPLEMENT: lambda: {"expires_at": (at + timedelta(days=15)).isoformat()},
        Act.EXTEND: lambda: {"seconds": 1},
        Act.DECIDE: lambda: {"outcome": row["outcome"]},
        Act.ASSIGN: lambda: {"officer": "u1"},
    }.get(act, dict)()
    if facts:
        data["facts"] = facts
    return Event(act=act, at=at, actor="", role=Role.SYSTEM, from_unit=row["from_unit"], to_unit=row["to_unit"],
                 due_after=row["due_after"], data=data)


@pytest.mark.nodb
def test_each_dossier_row_is_the_fold_of_its_events(data):
    _folder, rows, events = data
    assert set(events.column("act").unique().to_pylist()) == set(ACTS)
    by_id = {r["id"]: r for r in rows}
    logs: dict[int, list[dict]] = {}
    for e in events.to_pylist():
        logs.setdefault(e["dossier_id"], []).append(e)
    assert set(logs) == set(by_id)
    for pk, log in logs.items():
        row = by_id[pk]
        assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
        assert all(a["at"] <= b["at"] for a, b in zip(log, log[1:])), pk
        record = None
        for e in log:
            record = apply(record, _event(e, row))
        got = (record.received_at, record.due_at, record.reference_due_at, record.ended_at,
               record.supplement_requests, record.channel, record.competent_unit, record.receiving_unit,
               {f for f, v in record.facts.items() if v})
        want = (row["received_at"], row["due_at"], row["reference_due_at"] if row["received_at"] else None,
                row["ended_at"], row["supplement_requests"], row["channel"], row["competent_unit"],
                row["receiving_unit"], {f for f in FACTS if row[f]})
        assert got == want, pk


# -- hand-written cases, with the missing values a real export may carry ----------------------------

def _vn(d, h=9):
    return datetime(2025, 11, d, h, tzinfo=VN_TZ).astimezone(timezone.utc)


def _utc(d, h):
    return datetime(2025, 11, d, h, tzinfo=timezone.utc)


HAND = [  # received, due, reference due, ended, supplement requests, channel, facts, disliked
    (_vn(3), _vn(10), _vn(10), _vn(7), 0, "counter", {"paper_result": True, "e_result": True}, False),  # on time
    (_vn(3), _vn(10), _vn(10), _vn(12), 0, "online", {"paper_result": True}, True),  # late, online not effective
    (_vn(3), _vn(14), _vn(10), _vn(12), 0, "vneid", {"fee": True, "paid_online": True}, False),  # extended: late
    (_vn(3), _vn(14), _vn(10), _vn(7), 0, "counter", {"digitised": True, "e_result": True}, False),  # extended, in time
    (_vn(3), _vn(20), _vn(20), _vn(7), 2, "counter", {}, False),  # two supplement requests: late
    (_vn(3), _vn(20), _vn(20), None, 2, "online", {}, False),  # open but two requests: late, not open
    (_vn(3), None, _vn(20), None, 1, "counter", {"synced": True}, False),  # clock stopped: on time
    (_vn(3), _vn(24), _vn(24), None, 0, "post", {"fee": False, "paid_online": True}, False),  # zero fee paid
    (_vn(4), _vn(5), _vn(5), None, 0, "counter", {}, False),  # open, past due at "now"
    (_vn(4), _vn(5), None, None, 0, None, {"paper_result": None, "e_result": None}, None),  # missing values
    (_vn(4), _vn(5), None, _vn(6), 0, "online", {"paper_result": None}, False),  # no reference due time
    (_utc(30, 20), _utc(30, 23), _utc(30, 23), None, 0, "online", {"citizen_data": True}, False),  # Dec in Hà Nội
    (None, None, None, _vn(3), 0, "counter", {"fee": True}, False),  # refused at intake: never counted
]


def _hand_rows() -> list[dict]:
    rows = []
    for i, (received, due, ref, ended, sup, channel, facts, disliked) in enumerate(HAND):
        rows.append({"id": i + 1, "procedure": 1 + i % 3, "competent_unit": 1 + i % 2, "receiving_unit": 9,
                     "channel": channel, "received_at": received, "due_at": due, "reference_due_at": ref,
                     "ended_at": ended, "supplement_requests": sup,
                     **{f: facts.get(f, False) for f in FACTS}, "disliked": disliked})
    return rows


def _hand_table(rows: list[dict]) -> pa.Table:
    ts = pa.timestamp("us", tz="UTC")
    schema = pa.schema([("id", pa.int64()), ("procedure", pa.int32()), ("competent_unit", pa.int32()),
                        ("receiving_unit", pa.int32()), ("channel", pa.string()), ("received_at", ts), ("due_at", ts),
                        ("reference_due_at", ts), ("ended_at", ts), ("supplement_requests", pa.int16()),
                        *((f, pa.bool_()) for f in FACTS), ("disliked", pa.bool_())])
    return pa.Table.from_pylist(rows, schema)


@pytest.mark.nodb
def test_hand_written_edge_cases(data):
    rows = _hand_rows()
    now = datetime(2025, 11, 10, tzinfo=VN_TZ)
    con = duckdb.connect()
    con.register("hand", _hand_table(rows))
    got = duckdb_sums("hand", now, con)
    assert_same(got, python_sums(rows, now))
    december = [k for k in got.tallies if k[2].month == 12]
    assert december == [(2, "c", date(2025, 12, 1)), (9, "r", date(2025, 12, 1))]  # 30/11 20:00 UTC


@pytest.mark.django_db
def test_the_same_statements_on_postgresql(data):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    folder, rows, _events = data
    rows = rows[:1500] + _hand_rows()
    columns = ["procedure", "competent_unit", "receiving_unit", "channel", "received_at", "due_at", "reference_due_at",
               "ended_at", "supplement_requests", *FACTS, "disliked"]
    types = ["integer"] * 3 + ["text"] + ["timestamptz"] * 4 + ["smallint"] + ["boolean"] * (len(FACTS) + 1)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE hand_dossiers (" + ", ".join(
            f"{c} {t}" for c, t in zip(columns, types, strict=True)) + ")")
        with cursor.cursor.copy(f"COPY hand_dossiers ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
        for statement in sql.statements("hand_dossiers", AS_OF, dialect="postgres"):
            cursor.execute(statement)
        results = []
        for table in sql.TABLES:
            cursor.execute(sql.select(table))
            names = [d[0] for d in cursor.description]
            results.append([dict(zip(names, r, strict=True)) for r in cursor.fetchall()])
    assert_same(sql.sums_from_rows(*results), python_sums(rows, AS_OF))
