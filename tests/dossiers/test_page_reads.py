"""The dossier page's constant statements (``dossiers.page_reads``, the timeline's reads) give
the instances and values the ORM gives: the same fields, converted the same way on each database
(dates, flags, JSON), related objects attached, nothing for what is not there."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers import page_reads
from motcua.dossiers import services as sv
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.queries import timeline

from .scenario import vn

pytestmark = pytest.mark.django_db


def _fields(obj, names):
    return {n: getattr(obj, n) for n in names}


def _dossiers(world):
    reception = world.official("reception", "reception")
    joint = sv.receive_at_counter(actor=reception, version=world.karaoke, receiving_unit=world.branch,
                                  applicant=world.applicant(), area=world.commune, now=vn(2026, 3, 2))
    sv.transfer_dossier(joint, reception, now=vn(2026, 3, 2, 10))
    permit = sv.receive_at_counter(actor=reception, version=world.permit, receiving_unit=world.branch,
                                   applicant=world.applicant(), now=vn(2026, 3, 2, 11))
    sv.transfer_dossier(permit, reception, now=vn(2026, 3, 2, 14))
    sv.assign_dossier(permit, world.official("builder_head", "leader"), world.users["builder"], now=vn(2026, 3, 3, 9))
    sv.return_for_supplement(permit, world.official("builder", "processing"), items=["Bản vẽ"], reason="Thiếu",
                             now=vn(2026, 3, 4, 9))
    online = sv.file_dossier(actor=world.citizen(), version=world.permit, receiving_unit=world.branch,
                             applicant=world.applicant(world.users["citizen"]), channel="online", now=vn(2026, 3, 5))
    return joint, Dossier.objects.get(pk=permit.pk), online


def test_the_dossier_and_its_relations_are_the_orms(world):
    for d in _dossiers(world):
        ours = page_reads.dossier(d.pk)
        theirs = Dossier.objects.select_related("procedure", "receiving_unit", "competent_unit", "holder_unit",
                                                "holder_officer").defer("snapshot").get(pk=d.pk)
        names = [f.attname for f in Dossier._meta.concrete_fields if f.name != "snapshot"]
        assert _fields(ours, names) == _fields(theirs, names)
        assert (ours.procedure.code, ours.procedure.name) == (theirs.procedure.code, theirs.procedure.name)
        for unit in ("receiving_unit", "competent_unit", "holder_unit"):
            assert getattr(getattr(ours, unit), "name", None) == getattr(getattr(theirs, unit), "name", None)
        assert ((ours.holder_officer and ours.holder_officer.username)
                == (theirs.holder_officer and theirs.holder_officer.username))
    assert page_reads.dossier(10 ** 9) is None


def test_a_supplement_request_keeps_its_dates_and_documents(world):
    _joint, permit, _online = _dossiers(world)
    read = page_reads.dossier(permit.pk)
    assert read.holder_officer.username == "builder" and read.state == "awaiting_supplement"
    assert read.supplement_expires_at == permit.supplement_expires_at and read.received_at == vn(2026, 3, 2, 11)
    entries = timeline(read, vn(2026, 3, 6)).entries
    stored = list(DossierEvent.objects.filter(dossier=permit).order_by("seq"))
    assert [(e.seq, e.act, e.at, e.due_after, e.reason, e.data) for e in entries] == \
        [(s.seq, s.act, s.at, s.due_after, s.reason, s.data) for s in stored]
    assert entries[-1].listed == ["Bản vẽ"] and entries[-1].to_unit is None and entries[2].to_unit.name == "Sở Xây dựng"


def test_joint_tasks_come_in_their_order_with_their_agencies(world):
    joint, _permit, _online = _dossiers(world)
    ours = page_reads.tasks(joint)
    theirs = list(joint.tasks.select_related("agency"))
    assert len(ours) >= 2
    assert [(t.step, t.agency.name, t.name, t.is_lead, t.due_at, t.done_at) for t in ours] == \
        [(t.step, t.agency.name, t.name, t.is_lead, t.due_at, t.done_at) for t in theirs]
    assert page_reads.tasks(_permit) == []


def test_attachments_in_upload_order(world, settings, tmp_path):
    from motcua.portal.attachments import check, removed_on_error, store

    settings.MOTCUA_UPLOAD_DIR = tmp_path
    _joint, _permit, online = _dossiers(world)
    with removed_on_error() as written:
        for name in ("Tờ khai.pdf", "Bản vẽ.pdf"):
            store(online, [check(SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n"), "Giấy tờ")],
                  user=world.users["citizen"], stage="filing", written=written)
    ours = page_reads.attachments(online)
    assert [(a.original_name, a.size, a.uploaded_at, a.get_stage_display()) for a in ours] == \
        [(a.original_name, a.size, a.uploaded_at, a.get_stage_display()) for a in online.attachments.order_by("uploaded_at", "pk")]
    assert [a.original_name for a in ours] == ["Tờ khai.pdf", "Bản vẽ.pdf"]


def test_the_timeline_names_its_units_and_people_in_one_read(world, django_assert_num_queries):
    """The events, then the units and people they name in one statement: each entry's units and
    actor are the ORM's, whatever mix of units and people a log names."""
    from django.contrib.auth import get_user_model

    from motcua.accounts.names import person_name
    from motcua.units.models import Unit

    dossiers = _dossiers(world)
    for user in get_user_model().objects.all():
        user.first_name, user.last_name = f"Văn {user.username}", "Nguyễn"
        user.save(update_fields=["first_name", "last_name"])
    for d in dossiers:
        read = page_reads.dossier(d.pk)
        with django_assert_num_queries(2):
            line = timeline(read, vn(2026, 3, 6))
        stored = list(DossierEvent.objects.filter(dossier=d).order_by("seq"))
        assert len(line.entries) == len(stored) > 0
        for entry, event in zip(line.entries, stored, strict=True):
            for ours, unit_id in ((entry.from_unit, event.from_unit_id), (entry.to_unit, event.to_unit_id)):
                assert (ours.pk, ours.code, ours.name) == Unit.objects.values_list("pk", "code", "name").get(
                    pk=unit_id) if unit_id else ours is None
            if event.actor.startswith("u"):
                assert entry.who == person_name(get_user_model().objects.get(pk=int(event.actor[1:])))
        assert set(line.units) >= {s.unit for s in line.report.segments if s.unit}
        assert all(line.units[pk].name == Unit.objects.get(pk=pk).name for pk in line.units)
