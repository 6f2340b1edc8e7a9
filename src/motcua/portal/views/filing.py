from django.http import Http404


def file_online(request, code):  # being written
    raise Http404
