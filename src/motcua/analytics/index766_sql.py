"""The Decision 766 rebuild as SQL: what ``rules.index766.dossier_tally`` says of every dossier,
summed per (unit, role, month), per (competent unit, month, procedure), and the deadlines of the
dossiers still open — the three tables ``quality.tallies`` keeps in real time
(``quality_indextally``, ``quality_indexopendue``, ``quality_indexproceduretally``).

The same statements run on DuckDB over Parquet (``rebuild_duckdb``) and on PostgreSQL over a
table (``statements(..., dialect="postgres")``); they differ only in ``DIALECTS``. Two passes
over the dossiers: one grouped by (competent unit, receiving unit, month, open deadline), one
by (competent unit, month, procedure); the three tables are small sums of the first.

The source has one row per dossier (``analytics.synthetic`` documents the columns): keys
``procedure, competent_unit, receiving_unit``, the clock ``received_at, due_at,
reference_due_at, ended_at`` (timestamps with time zone), ``supplement_requests``, ``channel``,
one boolean per fact of ``rules.index766.FACTS`` (null = false) and ``disliked``.

Kept equal to ``dossier_tally`` by ``tests/analytics/test_index766_sql.py``; any change to the
counting rules there must be made here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from motcua.rules.index766 import COUNTERS, FACTS, ONLINE_CHANNELS, POLICIES, PROCEDURE_COUNTERS, Policy

TZ = "Asia/Ho_Chi_Minh"  # months are the province's (rules.index766.month_of)
TABLES = ("tally", "open_due", "procedure")

#: What differs between the engines. DuckDB's time-zone conversion (ICU) costs more than the
#: whole count, so it adds the offset: Việt Nam has kept UTC+7 without daylight saving since
#: 1975 (checked below). ``count_if`` is DuckDB's faster ``COUNT(*) FILTER (WHERE …)``.
#: DuckDB groups by the month as a small integer (months since year 0) and turns it into the
#: month's first day only in the small result tables (one paired run: best of three 2.17 s → 2.01 s).
DIALECTS = {
    "duckdb": {"local_time": "make_timestamp(epoch_us({column}) + 25200000000)",
               "count_if": "COALESCE(count_if({}), 0)",  # null, not 0, when all are null
               "month": "CAST(year(local_day) * 12 + month(local_day) - 1 AS SMALLINT)",
               "month_out": "make_date(CAST(month // 12 AS INTEGER), CAST(month % 12 + 1 AS INTEGER), 1)"},
    "postgres": {"local_time": "({column} AT TIME ZONE '" + TZ + "')", "count_if": "COUNT(*) FILTER (WHERE {})",
                 "month": "CAST(date_trunc('month', local_day) AS DATE)", "month_out": "month"},
}

#: Each counter of ``rules.index766.COUNTERS`` as a condition on one dossier (the columns of
#: ``per_dossier_sql``); ``on_time`` is what is neither late nor open.
CONDITIONS = {
    "received": "TRUE",
    "late": "late",
    "open": "open",
    "completed": "ended_at IS NOT NULL",
    "synced": "synced",
    "online": "online",
    "online_effective": "online AND (paper_result IS NOT TRUE OR e_result)",
    "paper_done": "ended_at IS NOT NULL AND paper_result",
    "e_result_done": "ended_at IS NOT NULL AND paper_result AND e_result",
    "digitised_e_result": "digitised AND e_result",
    "reused": "reused",
    "personal_storage": "personal_storage",
    "citizen_data": "citizen_data",
    "fee_due": "fee",
    "paid_online": "paid_online AND fee",  # zero-fee dossiers are left out of 3.6
    "disliked": "disliked",
}
assert set(CONDITIONS) | {"on_time"} == set(COUNTERS) and set(PROCEDURE_COUNTERS) <= set(CONDITIONS)


def _fixed_offset() -> bool:
    from motcua.rules.calendar import VN_TZ

    return all(datetime(y, m, 1, tzinfo=VN_TZ).utcoffset().total_seconds() == 25200
               for y in range(1976, 2051) for m in (1, 7))


assert _fixed_offset(), "Asia/Ho_Chi_Minh is no longer UTC+7: change DIALECTS['duckdb']['local_time']"


def _policy_flag(name: str, policies: tuple[Policy, ...]) -> str:
    """A counting rule of the policies as SQL: a constant, or by the local date of receipt
    (``rules.index766.policy_on``) when versions differ."""
    values = {getattr(p, name) for p in policies}
    if len(values) == 1:
        return "TRUE" if values.pop() else "FALSE"
    ordered = sorted(policies, key=lambda p: p.effective_from)
    cases = " ".join(f"WHEN local_day >= DATE '{p.effective_from.isoformat()}' THEN {str(getattr(p, name)).upper()}"
                     for p in reversed(ordered[1:]))
    return f"(CASE {cases} ELSE {str(getattr(ordered[0], name)).upper()} END)"


def per_dossier_sql(source: str, dialect: str = "duckdb", policies: tuple[Policy, ...] = POLICIES) -> str:
    """One row per received dossier: its keys and month, ``late`` and ``open`` (the status of
    ``dossier_tally``: judged against the receipt's due time or the extended one, whichever is
    earlier; more than one supplement request is late; a stopped clock is on time),
    ``open_due`` (the deadline of an open one) and the columns the counters read."""
    d = DIALECTS[dialect]
    channels = ", ".join(f"'{c}'" for c in sorted(ONLINE_CHANNELS))
    extension_late = _policy_flag("extension_counts_late", policies)
    multiple_late = _policy_flag("multiple_supplements_late", policies)
    local = d["local_time"].format(column="received_at")
    return f"""
    SELECT competent_unit, receiving_unit, procedure, month, ended_at, late, open,
           CASE WHEN open THEN CASE WHEN {extension_late} AND reference_due_at < due_at THEN reference_due_at
                                    ELSE due_at END END AS open_due,
           channel IN ({channels}) AS online, {", ".join(FACTS)}, disliked
    FROM (
    SELECT *, multiple OR ended_at > due_at OR ({extension_late} AND due_at IS NOT NULL AND ended_at > reference_due_at)
              AS late,
           NOT multiple AND ended_at IS NULL AND due_at IS NOT NULL AS open
    FROM (
    SELECT *, {d["month"]} AS month,
           {multiple_late} AND supplement_requests > 1 AS multiple
    FROM (SELECT *, CAST({local} AS DATE) AS local_day FROM {source} WHERE received_at IS NOT NULL) AS received
    ) AS timed
    ) AS judged"""


def _counts(names, dialect: str) -> str:
    count_if = DIALECTS[dialect]["count_if"]
    return ", ".join(("COUNT(*)" if CONDITIONS[n] == "TRUE" else count_if.format(CONDITIONS[n])) + f" AS {n}"
                     for n in names)


def _timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("now must carry a time zone")
    return f"CAST('{moment.astimezone(timezone.utc).isoformat()}' AS TIMESTAMP WITH TIME ZONE)"


def statements(source: str, now: datetime | None = None, dialect: str = "duckdb", prefix: str = "index766_",
               policies: tuple[Policy, ...] = POLICIES) -> list[str]:
    """The rebuild as statements that leave temporary tables ``{prefix}tally`` (unit, role,
    month, every counter, and ``late_open``: the open dossiers past their deadline at ``now``,
    0 without ``now``), ``{prefix}open_due`` (unit, role, month, due_at, count) and
    ``{prefix}procedure`` (unit, month, procedure, the procedure counters); ``{prefix}agg`` is
    the first pass."""
    agg = f"{prefix}agg"
    month = f"{DIALECTS[dialect]['month_out']} AS month"
    per_dossier = per_dossier_sql(source, dialect, policies)
    sums = ", ".join(f"CAST(SUM({n}) AS BIGINT) AS {n}" if n != "on_time" else
                     "CAST(SUM(received) - SUM(late) - SUM(open) AS BIGINT) AS on_time" for n in COUNTERS)
    late_open = f"CAST(SUM(CASE WHEN open_due < {_timestamp(now)} THEN open ELSE 0 END) AS BIGINT)" if now else \
        "CAST(0 AS BIGINT)"
    roles = (("competent_unit", "c"), ("receiving_unit", "r"))
    by_role = " UNION ALL ".join(
        f"SELECT {column} AS unit, '{role}' AS role, {month}, {sums}, {late_open} AS late_open "
        f"FROM {agg} GROUP BY {column}, month" for column, role in roles)
    due = " UNION ALL ".join(
        f"SELECT {column} AS unit, '{role}' AS role, {month}, open_due AS due_at, CAST(SUM(open) AS BIGINT) AS count "
        f"FROM {agg} WHERE open_due IS NOT NULL GROUP BY {column}, month, open_due" for column, role in roles)
    return [
        f"DROP TABLE IF EXISTS {agg}",
        f"""CREATE TEMPORARY TABLE {agg} AS
SELECT competent_unit, receiving_unit, month, open_due, {_counts(CONDITIONS, dialect)}
FROM ({per_dossier}) AS d GROUP BY competent_unit, receiving_unit, month, open_due""",
        f"DROP TABLE IF EXISTS {prefix}procedure",
        f"""CREATE TEMPORARY TABLE {prefix}procedure AS
SELECT competent_unit AS unit, {month}, procedure, {_counts(PROCEDURE_COUNTERS, dialect)}
FROM ({per_dossier}) AS d GROUP BY competent_unit, month, procedure""",
        f"DROP TABLE IF EXISTS {prefix}tally",
        f"CREATE TEMPORARY TABLE {prefix}tally AS {by_role}",
        f"DROP TABLE IF EXISTS {prefix}open_due",
        f"CREATE TEMPORARY TABLE {prefix}open_due AS {due}",
    ]


ORDER = {"tally": "unit, role, month", "open_due": "unit, role, month, due_at", "procedure": "unit, month, procedure"}


def select(table: str, prefix: str = "index766_") -> str:
    """The rows of one result table (``TABLES``) in a fixed order."""
    return f"SELECT * FROM {prefix}{table} ORDER BY {ORDER[table]}"


# -- DuckDB over Parquet ------------------------------------------------------------------------

def parquet_source(path: str | Path | list) -> str:
    paths = [path] if isinstance(path, str | Path) else list(path)
    quoted = ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths)
    return f"read_parquet([{quoted}])"


def rebuild_duckdb(con, source: str, now: datetime | None = None, prefix: str = "index766_") -> None:
    """Run the rebuild on a DuckDB connection (``source``: ``parquet_source(...)`` or a
    registered relation); the result stays in its temporary tables (``fetch``). Rows are
    written in any order (``fetch`` sorts them): measured about 5 % faster."""
    kept = con.sql("SELECT current_setting('preserve_insertion_order')").fetchall()[0][0]
    con.execute("SET preserve_insertion_order = false")
    try:
        for statement in statements(source, now, "duckdb", prefix):
            con.execute(statement)
    finally:
        con.execute(f"SET preserve_insertion_order = {'true' if kept else 'false'}")


def fetch(con, table: str, prefix: str = "index766_"):
    """One result table as an Arrow table (DuckDB), ordered."""
    return con.sql(select(table, prefix)).to_arrow_table()


@dataclass(frozen=True)
class Sums:
    """The result as plain Python, keyed like ``quality.tallies.Deltas``: (unit, role, month) →
    {counter: n} (with ``late_open``), (unit, role, month, due_at) → n, (unit, month,
    procedure) → {counter: n}; zero counters left out."""

    tallies: dict[tuple[int, str, date], dict[str, int]]
    open_due: dict[tuple[int, str, date, datetime], int]
    procedures: dict[tuple[int, date, int], dict[str, int]]


def _nonzero(row: dict, names) -> dict[str, int]:
    return {n: int(row[n]) for n in names if row[n]}


def sums_from_rows(tally: list[dict], open_due: list[dict], procedure: list[dict]) -> Sums:
    utc = timezone.utc
    return Sums(
        {(r["unit"], r["role"], r["month"]): _nonzero(r, (*COUNTERS, "late_open")) for r in tally},
        {(r["unit"], r["role"], r["month"], r["due_at"].astimezone(utc)): int(r["count"]) for r in open_due},
        {(r["unit"], r["month"], r["procedure"]): _nonzero(r, PROCEDURE_COUNTERS) for r in procedure})


def sums_duckdb(con, prefix: str = "index766_") -> Sums:
    return sums_from_rows(*(fetch(con, t, prefix).to_pylist() for t in TABLES))
