"""Who may do what with steering programmes (the one place pages, API routes and the other
steering apps ask):

- any official reads programmes, tasks, reports and briefing packs;
- the committee steers (edits tasks, approves extensions, holds briefings): the administrator,
  a service-centre supervisor, a member of the programme's committee with an account, or a leader
  of the programme's standing agency;
- a task's lead unit updates it (progress, completion, extension request, reports): any official
  serving the lead unit, and the committee.
"""

from __future__ import annotations

from motcua.dossiers.access import Viewer
from motcua.rules.lifecycle import Role


def may_read(viewer: Viewer) -> bool:
    return viewer.everything or bool(viewer.units)


def may_steer(viewer: Viewer, programme) -> bool:
    if viewer.everything or Role.SUPERVISOR.value in viewer.roles:
        return True
    if viewer.user_id is None:
        return False
    if Role.LEADER.value in viewer.roles and programme.standing_agency_id in viewer.units:
        return True
    return programme.members.filter(user_id=viewer.user_id).exists()


def may_update(viewer: Viewer, task) -> bool:
    return task.lead_unit_id in viewer.units or may_steer(viewer, task.programme)
