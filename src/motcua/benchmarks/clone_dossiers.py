"""Cloning dossier histories with PostgreSQL ``COPY`` for the web benchmark (see ``seed_web``):
each clone a new pk, code and applicant, its life moved by whole weeks, its record replayed
and its log hash-chained again."""

from __future__ import annotations

import os
import random
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

if TYPE_CHECKING:
    from motcua.benchmarks.seed_web import Template

WEEK = timedelta(days=7)
_ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


def _shift_data(value, delta: timedelta):
    if isinstance(value, str):
        return (datetime.fromisoformat(value) + delta).isoformat() if _ISO.match(value) else value
    if isinstance(value, dict):
        return {k: _shift_data(v, delta) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift_data(v, delta) for v in value]
    return value


def _esc(text: str) -> str:
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if "\n" in text or "\t" in text or "\r" in text:
        text = text.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    return text


def _json_cell(value) -> str:
    return _esc(orjson.dumps(value).decode())


_CELL = {  # how each type is written in PostgreSQL's COPY text format
    str: _esc, int: str, float: repr, bool: lambda v: "t" if v else "f", type(None): lambda _v: "\\N",
    datetime: datetime.isoformat, dict: _json_cell, list: _json_cell,
}


def _cell(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    write = _CELL.get(type(value))
    return write(value) if write else _esc(str(value))


class Cloner:
    """Builds the COPY rows of clones; one per worker process."""

    def __init__(self, templates: list[Template], worker: int, workers: int, seed: int,
                 counters: dict[tuple[str, date], int], citizens: list[tuple[int, str]]):
        from django.conf import settings

        from motcua.dossiers.models import Dossier, DossierEvent, DossierTask
        from motcua.units.calendars import calendar_for

        self.templates, self.worker, self.workers = templates, worker, workers
        self.rng = random.Random(seed * 1000 + worker)
        self.base = counters  # the day's last number when the run began
        self.used: dict[tuple[str, date], int] = {}  # numbers this worker took per (identifier, day)
        self.touched: set[tuple[str, date]] = set()  # days whose counter the next batch raises
        self.citizens = citizens
        self.pattern = settings.MOTCUA_DOSSIER_CODE_PATTERN
        cal = calendar_for()
        self._working: dict[date, bool] = {}
        self.is_working = lambda day: self._working[day] if day in self._working else self._working.setdefault(
            day, cal.is_working_day(day))
        self.d_fields = [f for f in Dossier._meta.concrete_fields]
        self.e_fields = [f for f in DossierEvent._meta.concrete_fields if not f.primary_key]
        self.t_fields = [f for f in DossierTask._meta.concrete_fields if not f.primary_key]
        qn = lambda name: '"' + name + '"'  # noqa: E731
        self.copy_sql = {
            "dossier": f"COPY {qn(Dossier._meta.db_table)} ({', '.join(qn(f.column) for f in self.d_fields)}) FROM STDIN",
            "event": f"COPY {qn(DossierEvent._meta.db_table)} ({', '.join(qn(f.column) for f in self.e_fields)}) "
                     "FROM STDIN",
            "task": f"COPY {qn(DossierTask._meta.db_table)} ({', '.join(qn(f.column) for f in self.t_fields)}) "
                    "FROM STDIN",
        }
        self.defaults = {f.attname: f.get_default() for f in self.d_fields}

    def _weeks(self, t: Template) -> int:
        if not (t.back or t.forward):
            return 0
        for _ in range(6):
            weeks = self.rng.randint(-t.back, t.forward)
            if all(self.is_working(day + WEEK * weeks) for day in t.work_days):
                return weeks
        return 0

    def _code(self, identifier: str, at: datetime) -> str:
        from motcua.rules.calendar import VN_TZ
        from motcua.rules.codes import dossier_code

        day = at.astimezone(VN_TZ).date()
        key = (identifier, day)
        taken = self.used.get(key, 0)
        self.used[key] = taken + 1
        self.touched.add(key)
        return dossier_code(self.pattern, identifier, day, self.base.get(key, 0) + self.worker + 1 + taken * self.workers)

    def clone(self, pk: int, t: Template) -> tuple[str, list[str], list[str]]:
        """The COPY lines of one clone: its dossier row, its events, its tasks."""
        from motcua.demo.people import full_name, id_number, phone
        from motcua.dossiers.chain import GENESIS, row_hash
        from motcua.dossiers.persistence import cached_values
        from motcua.rules.dossier import Event, replay, to_json
        from motcua.rules.lifecycle import Act, Role
        from motcua.text import fold

        rng = self.rng
        delta = WEEK * self._weeks(t)
        id_no = id_number(rng)
        user_id = None
        if t.applicant_user_id is not None:
            user_id, name = self.citizens[rng.randrange(len(self.citizens))]
        else:
            name = " ".join(full_name(rng))
        events = []
        for ev in t.events:
            data = _shift_data(ev.data, delta) if delta else dict(ev.data)
            actor = f"u{user_id}" if ev.role is Role.APPLICANT and user_id is not None else ev.actor
            act = ev.act
            if act is Act.FILE and data.get("applicant"):
                data["applicant"] = f"u{user_id}"
            elif act is Act.RECEIVE:
                data["code"] = self._code(t.identifier, ev.at + delta)
            elif data.get("result_code"):
                data["result_code"] = data["result_code"].replace(t.id_number, id_no, 1)
            events.append(Event(act=act, at=ev.at + delta, actor=actor, role=ev.role, from_unit=ev.from_unit,
                                to_unit=ev.to_unit, due_before=ev.due_before + delta if ev.due_before else None,
                                due_after=ev.due_after + delta if ev.due_after else None, reason=ev.reason,
                                data=data))
        record = replay(events)
        lines, prev = [], GENESIS
        for seq, ev in enumerate(events, 1):
            digest = row_hash(prev, seq=seq, act=ev.act.value, at=ev.at, actor=ev.actor, role=ev.role.value,
                              from_unit=ev.from_unit, to_unit=ev.to_unit, due_before=ev.due_before,
                              due_after=ev.due_after, reason=ev.reason, data=ev.data)
            lines.append("\t".join(_cell(v) for v in (
                pk, seq, ev.act.value, ev.at, ev.actor, ev.role.value, ev.from_unit, ev.to_unit, ev.due_before,
                ev.due_after, ev.reason, ev.data, prev, digest)))
            prev = digest
        values = dict(self.defaults)
        values.update(cached_values(record))
        values.update(
            id=pk, procedure_id=t.procedure_id, procedure_version_id=t.version_id, area_id=t.area_id,
            channel=t.channel, applicant_user_id=user_id, applicant_name=name, applicant_name_folded=fold(name),
            applicant_id_number=id_no, applicant_phone=phone(rng), receiving_unit_id=t.receiving_id,
            competent_unit_id=t.competent_id, filed_at=events[0].at, snapshot=to_json(record),
            event_count=len(events), last_hash=prev)
        dossier = "\t".join(_cell(values[f.attname]) for f in self.d_fields)
        tasks = ["\t".join(_cell(v) for v in (pk, x.step, x.agency, x.name, x.is_lead, x.started_at, x.due_at,
                                              x.done_at)) for x in record.tasks]
        return dossier, lines, tasks


def _write_batch(conn, cloner: Cloner, rows: list[tuple[str, list[str], list[str]]]) -> None:
    from motcua.dossiers.models import DossierCodeCounter

    dossiers = "\n".join(r[0] for r in rows) + "\n"
    events = "\n".join(line for r in rows for line in r[1]) + "\n"
    tasks = [line for r in rows for line in r[2]]
    table = DossierCodeCounter._meta.db_table
    with conn.transaction(), conn.cursor() as cur:
        for kind, text in (("dossier", dossiers), ("event", events), ("task", "\n".join(tasks) + "\n" if tasks else "")):
            if text:
                with cur.copy(cloner.copy_sql[kind]) as copy:
                    copy.write(text.encode())
        if cloner.touched:  # in key order: two workers never wait on each other in a circle
            cur.executemany(
                f'INSERT INTO "{table}" (identifier, day, last) VALUES (%s, %s, %s) ON CONFLICT (identifier, day) '
                f'DO UPDATE SET last = GREATEST("{table}".last, EXCLUDED.last)',
                [(i, d, cloner.base.get((i, d), 0) + cloner.worker + 1 + (cloner.used[i, d] - 1) * cloner.workers)
                 for i, d in sorted(cloner.touched)])
            cloner.touched.clear()


def _backend_cpu(conn) -> float | None:
    """CPU seconds the PostgreSQL backend of ``conn`` has used, when it runs on this machine."""
    pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    except (OSError, ValueError, IndexError):
        return None


def _worker(worker: int, workers: int, first_pk: int, count: int, batch: int, seed: int, templates, recent_open,
            counters, citizens, superuser: bool, done, errors, cpu) -> None:
    import psycopg
    from django.db import connection

    try:
        cloner = Cloner(templates, worker, workers, seed, counters, citizens)
        params = {k: v for k, v in connection.get_connection_params().items()
                  if k not in ("cursor_factory", "pool", "server_side_binding", "assume_role")}
        with psycopg.connect(**params, autocommit=True) as conn:
            if superuser:
                conn.execute("SET session_replication_role = replica")  # no per-row FK triggers
            conn.execute("SET synchronous_commit = off")
            rng = random.Random(seed * 7 + worker)
            pk, end = first_pk, first_pk + count
            while pk < end:
                n = min(batch, end - pk)
                rows = []
                for i in range(n):
                    template = templates[rng.randrange(len(templates))]
                    if template.open and recent_open:
                        template = recent_open[rng.randrange(len(recent_open))]
                    rows.append(cloner.clone(pk + i, template))
                _write_batch(conn, cloner, rows)
                pk += n
                with done.get_lock():
                    done.value += n
            backend = _backend_cpu(conn)
            if backend is not None:
                with cpu.get_lock():
                    cpu.value += backend
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        import traceback

        errors.put(f"worker {worker}: {exc!r}\n{traceback.format_exc()[-2000:]}")
        raise
