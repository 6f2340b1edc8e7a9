"""Dashboard benchmark: the service-quality dashboards (/can-bo/chi-so/…) rendered through Django's
test client against an existing database (the demo: ``motcua demo --dossiers 50000 --no-serve``).

    cd DIR_WITH_motcua.sqlite3 && python /path/to/bench/dashboard.py [--runs 7] [--user giamsat]

Each page is asked for once to warm the process (templates, catalogue cache), then ``--runs``
times; prints one JSON document: per page, status, queries, first and median/min/max wall time and
median CPU time of this process (SQLite runs in it; on a busy machine wall time exceeds CPU time
by the wait for a core) in ms, and whether the median wall time is under the 200 ms target.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

TARGET_MS = 200


def pages(month: str, unit: str, procedure: str) -> dict[str, str]:
    """The pages timed: the default (this month, which may have just begun) and the last full month."""
    quarter = f"{month[:4]}-Q{(int(month[5:]) - 1) // 3 + 1}"
    return {
        "overview_default": "/can-bo/chi-so/",
        "overview": f"/can-bo/chi-so/?period={month}",
        "overview_quarter": f"/can-bo/chi-so/?period={quarter}",
        "overview_year": f"/can-bo/chi-so/?period={month[:4]}",
        "overview_unit": f"/can-bo/chi-so/?period={month}&unit={unit}",
        "overview_procedure": f"/can-bo/chi-so/?period={month}&procedure={procedure}",
        "overview_channel": f"/can-bo/chi-so/?period={month}&channel=online",
        "progress_default": "/can-bo/chi-so/tien-do/",
        "progress": f"/can-bo/chi-so/tien-do/?period={month}",
        "progress_unit": f"/can-bo/chi-so/tien-do/?period={month}&unit={unit}",
        "progress_procedure": f"/can-bo/chi-so/tien-do/?period={month}&procedure={procedure}",
        "ratings": f"/can-bo/chi-so/danh-gia/?period={month}",
        "drill_2.1": f"/can-bo/chi-so/chi-tieu/2.1/?period={month}",
        "drill_2.1_unit": f"/can-bo/chi-so/chi-tieu/2.1/?period={month}&unit={unit}",
        "drill_1.4": f"/can-bo/chi-so/chi-tieu/1.4/?period={month}",
        "drill_3.1": f"/can-bo/chi-so/chi-tieu/3.1/?period={month}",
        "xlsx_trend": f"/can-bo/chi-so/?period={month}&format=xlsx&chart=trend",
        "pdf": f"/can-bo/chi-so/?period={month}&format=pdf",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--user", default="giamsat")
    parser.add_argument("--only", default="", help="comma-separated page names")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from motcua import timesource
    from motcua.catalog.models import Procedure
    from motcua.dossiers.models import Dossier
    from motcua.rules.calendar import VN_TZ
    from motcua.units.models import Unit

    from django.core.signals import request_finished
    from django.db import close_old_connections

    # No setup_test_environment(): it instruments every template render (a copy of the context per
    # include), which costs more than some pages. The client goes through the middleware as a server would.
    request_finished.disconnect(close_old_connections)  # as Django's test runner does: keep the connection
    today = timesource.now().astimezone(VN_TZ).date()
    last_month = f"{today.year - (today.month == 1)}-{(today.month - 2) % 12 + 1:02d}"
    unit = Unit.objects.filter(kind="peoples_committee", level="commune").order_by("code").first()
    busiest = Dossier.objects.values("procedure_id").annotate(n=Count("pk")).order_by("-n").first()
    procedure = Procedure.objects.get(pk=busiest["procedure_id"]) if busiest else None
    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username=args.user))
    out = {"dossiers": Dossier.objects.count(), "user": args.user, "today": today.isoformat(),
           "load_average": os.getloadavg(), "cpus": os.cpu_count(), "pages": {}}
    chosen = set(filter(None, args.only.split(",")))
    for name, url in pages(last_month, unit.code, procedure.code if procedure else "").items():
        if chosen and name not in chosen:
            continue
        executed = []
        start = time.perf_counter()
        with connection.execute_wrapper(lambda execute, sql, params, many, context: executed.append(sql) or execute(
                sql, params, many, context)):
            response = client.get(url)
        first = (time.perf_counter() - start) * 1000
        times, cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        median = statistics.median(times)
        out["pages"][name] = {"url": url, "status": response.status_code, "queries": len(executed),
                              "first_ms": round(first, 1), "median_ms": round(median, 1),
                              "min_ms": round(min(times), 1), "max_ms": round(max(times), 1),
                              "median_cpu_ms": round(statistics.median(cpu), 1),
                              "under_target": median < TARGET_MS}
        print(name, out["pages"][name], file=sys.stderr)
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
