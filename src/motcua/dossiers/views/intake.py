"""Counter intake (tiếp nhận tại quầy): pick the procedure, tick its document checklist, and
either receive the dossier (receipt form 01) or hand the applicant one consolidated supplement
request (form 02)."""

from django.http import Http404

from motcua.web.guards import official


@official
def choose_procedure(request):  # being written
    raise Http404


@official
def intake_form(request, procedure: str):  # being written
    raise Http404
