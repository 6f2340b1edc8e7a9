from django.http import Http404


def lookup(request):  # being written
    raise Http404
