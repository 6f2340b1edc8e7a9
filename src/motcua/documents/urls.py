"""Document downloads, mounted under ``can-bo/`` by the project's urls."""

from django.urls import path

from motcua.documents import views

app_name = "documents"
urlpatterns = [
    path("ho-so/<int:pk>/mau/<str:number>.pdf", views.form_pdf, name="form"),
    path("so-theo-doi/", views.tracking_book, name="book"),
]
