"""Citizens' pages for cases: file online, follow by code, published answers; mounted at the root."""

from django.urls import path

from motcua.complaints.public import filing, follow, letters, mine

app_name = "complaints_public"
urlpatterns = [
    path("gui-don/", filing.file_online, name="file"),
    path("cong-dan/vu-viec/", mine.my_cases, name="my_cases"),
    path("cong-dan/vu-viec/<int:pk>/", mine.my_case, name="my_case"),
    path("cong-dan/vu-viec/<int:pk>/danh-gia/", mine.rate_case, name="rate"),
    path("vu-viec/<int:pk>/van-ban/<slug:letter>.pdf", letters.letter, name="letter"),
    path("tra-cuu-vu-viec/", follow.follow_case, name="follow"),
    path("phan-anh-kien-nghi/", follow.published_answers, name="answers"),
]
