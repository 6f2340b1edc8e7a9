"""Dossiers of the citizen ``citizen`` brought to an end through the services (for ratings)."""

from motcua.dossiers import services as sv
from motcua.rules.lifecycle import Role
from tests.dossiers.scenario import file_online, leader, processing_online, vn


def decided(world, outcome="approved"):
    """Filed online 2 Mar 08:30, received 09:00, at the commune 10:00, assigned 10:30, decided 3 Mar 09:00."""
    d = processing_online(world)
    d = sv.assign_dossier(d, leader(world, "birth"), world.users["commune_officer"], now=vn(2026, 3, 2, 10, 30))
    return sv.decide_dossier(d, leader(world, "birth"), outcome, "Không đủ điều kiện" if outcome == "refused" else "",
                             now=vn(2026, 3, 3, 9, 0))


def returned(world):
    """Decided and returned online on 3 Mar at 10:00."""
    return sv.return_result(decided(world), world.official("reception", Role.RECEPTION), "online",
                            now=vn(2026, 3, 3, 10, 0))


def refused_at_intake(world):
    return sv.refuse_intake(file_online(world), world.official("reception", Role.RECEPTION), "Sai thủ tục",
                            now=vn(2026, 3, 2, 9, 0))


def withdrawn(world):
    return sv.withdraw_dossier(file_online(world), world.citizen(), "Không cần nữa", now=vn(2026, 3, 2, 9, 0))


ENDED = {"returned": returned, "refused_at_intake": refused_at_intake, "withdrawn": withdrawn,
         "decided_refused": lambda world: decided(world, "refused")}
