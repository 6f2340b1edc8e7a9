from django.http import Http404


def my_dossiers(request):  # being written
    raise Http404


def my_dossier(request, pk):  # being written
    raise Http404


def supplement(request, pk):  # being written
    raise Http404


def withdraw(request, pk):  # being written
    raise Http404


def attachment(request, pk):  # being written
    raise Http404
