from django.urls import path

from motcua.web import account, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.sign_in, name="login"),
    path("dang-xuat/", views.sign_out, name="logout"),
    path("tai-khoan/xac-thuc-hai-lop/", account.second_factor, name="second_factor"),
]
