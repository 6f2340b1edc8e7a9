from django.urls import path

from motcua.dossiers.views import acts, detail, intake, worklist
from motcua.quality import views as rating_views

app_name = "workbench"
urlpatterns = [
    path("", worklist.worklist_page, name="worklist"),
    path("ho-so/<int:pk>/", detail.dossier_page, name="dossier"),
    path("ho-so/<int:pk>/viec/<str:act>/", acts.act_page, name="act"),
    path("tiep-nhan/", intake.choose_procedure, name="intake"),
    path("tiep-nhan/<str:procedure>/", intake.intake_form, name="intake_form"),
    path("ho-so/<int:pk>/phieu-danh-gia/", rating_views.rating_slip, name="rating_slip"),
    path("quay-danh-gia/", rating_views.rating_kiosk, name="rating_kiosk"),
]
