from django.http import Http404


def rate(request, pk):  # being written
    raise Http404
