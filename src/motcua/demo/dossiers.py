"""Generating a year of Hà Nội dossiers, deterministically from a seed."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, time, timedelta

from django.conf import settings

from motcua.catalog.models import ProcedureVersion
from motcua.demo.lifecycle import Cast, Life, live
from motcua.demo.people import full_name, id_number, phone
from motcua.dossiers.history import Batch, History, import_histories
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import version_facts
from motcua.rules.acting import Actor
from motcua.rules.calendar import VN_TZ, WorkingCalendar
from motcua.rules.codes import code_identifier, dossier_code, result_code
from motcua.rules.lifecycle import Role
from motcua.text import fold

#: How often each procedure is filed, by code (certified copies and civil status dominate).
WEIGHTS = {"2.000815": 25, "1.001193": 12, "1.004873": 8, "2.000884": 8, "2.000488": 8, "1.004746": 6,
           "2.000720": 5, "1.000894": 4, "1.009994": 4, "1.000656": 3, "1.012756": 3, "1.000105": 2,
           "1.003348": 1.5, "1.009972": 1, "1.004614": 1, "1.010011": 1, "2.001240": 1, "1.010743": 0.5,
           "2.001809": 0.6, "1.011600": 0.6}
CHANNELS = {"full": (("online", 0.62), ("vneid", 0.06), ("counter", 0.29), ("post", 0.03)),
            "partial": (("online", 0.35), ("counter", 0.6), ("post", 0.05)),
            "none": (("counter", 0.93), ("post", 0.07))}
PORTAL = "000.00.00.G22"


def _pick(rng: random.Random, pairs) -> str:
    x, acc = rng.random(), 0.0
    for value, p in pairs:
        acc += p
        if x < acc:
            return value
    return pairs[-1][0]


def _actor(user, role: Role, unit_pks) -> Actor:
    return Actor(id=f"u{user.pk}", role=role, units=frozenset(unit_pks))


class Generator:
    def __init__(self, org: dict, accounts, cal: WorkingCalendar, seed: int, until: datetime):
        self.rng = random.Random(seed)
        self.facts_rng = random.Random(seed + 766)  # its own stream: the dossiers stay as they were
        self.cal, self.until, self.start = cal, until, until - timedelta(days=365)
        self.org, self.acc = org, accounts
        versions = [v for v in ProcedureVersion.objects.select_related("procedure", "competent_unit")
                    .prefetch_related("route_steps").order_by("procedure__code", "number")
                    if v.procedure.code in WEIGHTS]
        # A procedure is drawn by its first version; the dossier is then filed under the version in
        # force on its filing day. The demo's later versions only re-announce a procedure (new
        # dates, same level, agency, time limit and route), so the draw does not depend on them.
        self.by_procedure: dict[int, list] = {}
        for v in versions:
            self.by_procedure.setdefault(v.procedure_id, []).append(v)
        self.versions = [vs[0] for vs in self.by_procedure.values()]
        self.weights = [WEIGHTS[v.procedure.code] for v in self.versions]
        self.routes = {v.pk: [{"step": s.order, "agency": s.agency_id, "name": s.task, "hours": float(s.duration_hours),
                               "depends_on": list(s.depends_on or []), "is_lead": s.is_lead}
                              for s in v.route_steps.all()] for v in versions}
        self.committee_of = {u.area_id: u for u in org["committees"]}
        self.units = {u.pk: u for u in [org["centre"], *org["branches"], *org["committees"], *org["agencies"]]}
        self.counters: dict[tuple[str, object], int] = {}
        self.pattern = settings.MOTCUA_DOSSIER_CODE_PATTERN
        day, self.days = self.start.date(), []
        while day < until.date():
            if cal.is_working_day(day):
                self.days.append(day)
            day += timedelta(days=1)

    def _facts(self, version, channel: str) -> dict[str, dict]:
        """What each act tells the Decision 766 index: digitisation at intake, payment, an e-result."""
        r, online = self.facts_rng.random, channel in ("online", "vneid")
        known = version_facts(version)
        paper, fee = known["paper_result"], known["fee"]
        return {
            "file": {"paper_result": paper, "fee": fee, "citizen_data": channel == "vneid" or (online and r() < 0.75)},
            "receive": {"synced": r() < 0.97, "digitised": r() < (0.95 if online else 0.8), "reused": r() < 0.55,
                        "personal_storage": r() < (0.5 if online else 0.15),
                        "paid_online": fee and online and r() < 0.7},
            "decide": {"e_result": r() < (0.85 if online else 0.6)},
        }

    def _in_force(self, version, at: datetime):
        """The version of ``version``'s procedure in force on the day ``at`` (the first one if none is)."""
        day = at.astimezone(VN_TZ).date()
        for v in reversed(self.by_procedure[version.procedure_id]):
            if v.effective_from <= day and (v.effective_to is None or day <= v.effective_to):
                return v
        return version

    def _filed_at(self, online: bool) -> datetime:
        rng = self.rng
        day = rng.choice(self.days)
        if online and rng.random() < 0.3:  # online filings also come in the evening and at weekends
            moment = datetime.combine(day + timedelta(days=rng.choice([0, 0, 1])), time(0), tzinfo=VN_TZ)
            moment += timedelta(seconds=rng.randint(6 * 3600, 23 * 3600))
            # The evening after the last working day may be today, later than now: that day's instead.
            return moment if moment <= self.until else moment - timedelta(days=1)
        sessions = self.cal.sessions_on(day)
        start, end = sessions[rng.randrange(len(sessions))]
        span = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        return datetime.combine(day, start, tzinfo=VN_TZ) + timedelta(minutes=rng.randrange(span), seconds=rng.randrange(60))

    def _code_for(self, identifier: str) -> Callable[[datetime], str]:
        def make(at: datetime) -> str:
            day = at.astimezone(VN_TZ).date()
            n = self.counters.get((identifier, day), 0) + 1
            self.counters[(identifier, day)] = n
            return dossier_code(self.pattern, identifier, day, n)
        return make

    def one(self) -> History:
        rng = self.rng
        version = rng.choices(self.versions, self.weights)[0]
        channel = _pick(rng, CHANNELS[version.online])
        online = channel in ("online", "vneid")
        area = rng.choice(self.org["communes"])
        competent = version.competent_unit or self.committee_of[area.pk]
        home_branch = self.org["branch_of"][area.pk]
        receiving = home_branch if online or rng.random() < 0.7 else rng.choice(self.org["branches"])
        if online:
            user = rng.choice(self.acc.citizens)
            name, applicant = f"{user.last_name} {user.first_name}", _actor(user, Role.APPLICANT, ())
        else:
            user, applicant = None, None
            name = " ".join(full_name(rng))
        id_no = id_number(rng)
        route = self.routes[version.pk] or None
        lead = competent.pk
        cast = Cast(
            reception=_actor(self.acc.reception[receiving.pk], Role.RECEPTION, [receiving.pk]),
            applicant=applicant,
            leader=_actor(self.acc.leaders[lead], Role.LEADER, [lead]),
            officer_id=f"u{self.acc.officers[lead].pk}", officer_units=frozenset([lead]),
            task_officers={s["agency"]: _actor(self.acc.officers[s["agency"]], Role.PROCESSING, [s["agency"]])
                           for s in route or []},
        )
        identifier = code_identifier(joint=bool(route), online=online, competent=competent.e_identifier,
                                     receiving=receiving.e_identifier, portal=PORTAL)
        types = version.result_types or [{"code": "KQ"}]
        life = Life(self.cal, self.until, rng, cross_level=receiving.level != competent.level,
                    result_code=result_code(id_no, types[0]["code"]))
        life.facts = self._facts(version, channel)
        filed_at = self._filed_at(online)
        version = self._in_force(version, filed_at)
        live(life, cast, filed_at=filed_at, channel=channel, route=route, code_for=self._code_for(identifier),
             file_kwargs=dict(receiving_unit=receiving.pk, competent_unit=competent.pk,
                              budget_seconds=version.duration_hours * 3600, route_mode=version.route_mode,
                              applicant=applicant.id if applicant else None))
        dossier = Dossier(
            procedure_id=version.procedure_id, procedure_version=version, area=area, channel=channel,
            applicant_user=user, applicant_name=name, applicant_name_folded=fold(name), applicant_id_number=id_no,
            applicant_phone=phone(rng), receiving_unit=receiving, competent_unit=competent, filed_at=filed_at)
        return History(dossier, life.events, life.record)


def generate(org: dict, accounts, cal: WorkingCalendar, *, seed: int, count: int, until: datetime,
             batch_size: int = 2000, progress: Callable[[int], None] | None = None) -> int:
    """Generate and write ``count`` dossiers; returns the number of log rows written."""
    gen = Generator(org, accounts, cal, seed, until)
    written, events = 0, 0
    while written < count:
        n = min(batch_size, count - written)
        histories = [gen.one() for _ in range(n)]
        events += import_histories(Batch(histories, dict(gen.counters)))
        written += n
        if progress:
            progress(n)
    return events
