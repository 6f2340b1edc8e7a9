"""Survey pages, mounted at the site root by the project's urls: the public one-time link and the
officials' pages under ``can-bo/khao-sat/``."""

from django.urls import path

from motcua.surveys.views import respond, results, rounds

app_name = "surveys"
urlpatterns = [
    path("khao-sat/<str:token>/", respond.respond, name="respond"),
    path("can-bo/khao-sat/", rounds.round_list, name="rounds"),
    path("can-bo/khao-sat/tao/", rounds.create, name="create"),
    path("can-bo/khao-sat/<int:pk>/", rounds.round_page, name="round"),
    path("can-bo/khao-sat/<int:pk>/viec/<str:act>/", rounds.act, name="act"),
    path("can-bo/khao-sat/<int:pk>/thu-moi/", rounds.invitations, name="invitations"),
    path("can-bo/khao-sat/<int:pk>/phieu-giay/", respond.paper, name="paper"),
    path("can-bo/khao-sat/<int:pk>/ket-qua/", results.results_page, name="results"),
    path("can-bo/khao-sat/<int:pk>/ket-qua.xlsx", results.results_xlsx_download, name="results_xlsx"),
]
