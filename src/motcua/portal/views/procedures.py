from django.http import Http404


def procedures(request):  # being written
    raise Http404


def procedure(request, code):  # being written
    raise Http404
