"""Analysis at scale: Parquet files read with DuckDB (no live database), for dashboards and
rebuilds over millions of dossiers.

* ``index766_sql`` — the Decision 766 rebuild as one SQL query (DuckDB over Parquet, or the
  same text on PostgreSQL): what ``rules.index766.dossier_tally`` says of every dossier, summed
  per unit, role and month.
* ``synthetic`` — deterministic synthetic dossiers and their events, written to Parquet, for
  benchmarks (``bench/quality.py``) and tests.
"""
