"""A known March 2026 for the dashboard tests: four birth registrations filed online at the
Hoàn Kiếm branch and decided by the ward's People's Committee through the services, three in
time and one a week late (the tallies follow by themselves)."""

import pytest

from motcua.dossiers import services as sv
from tests.clock import frozen_clock
from tests.dossiers.scenario import leader, processing_online, vn

NOW = vn(2026, 3, 31, 12, 0)
clock = frozen_clock(NOW)  # imported by each test module: every page reads "now" from the clock
MARCH = "2026-03"


def decide(world, at):
    d = processing_online(world)
    d = sv.assign_dossier(d, leader(world, "birth"), world.users["commune_officer"], now=vn(2026, 3, 2, 10, 30))
    return sv.decide_dossier(d, leader(world, "birth"), "approved", "", now=at)


@pytest.fixture
def march(world):
    """{"on_time": [three dossiers], "late": the late one}."""
    on_time = [decide(world, vn(2026, 3, 3, 9, 0)) for _ in range(3)]
    late = decide(world, vn(2026, 3, 10, 9, 0))
    return {"on_time": on_time, "late": late}


def login(client, world, name="commune_chair"):
    client.force_login(world.users[name])
    return client
