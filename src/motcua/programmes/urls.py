"""Pages of programmes, mounted under ``can-bo/`` by the project's urls."""

from django.urls import path

from motcua.programmes.views import programmes, tasks

app_name = "programmes"
urlpatterns = [
    path("chuong-trinh/", programmes.programme_list, name="list"),
    path("chuong-trinh/<int:pk>/", programmes.programme_page, name="programme"),
    path("chuong-trinh/<int:pk>/giao-nhiem-vu/", programmes.new_task, name="new_task"),
    path("chuong-trinh/<int:pk>/nhap/", programmes.import_xlsx, name="import"),
    path("chuong-trinh/<int:pk>/nhiem-vu.xlsx", programmes.export_xlsx, name="export"),
    path("chuong-trinh/nhiem-vu/<int:pk>/", tasks.task_page, name="task"),
    path("chuong-trinh/nhiem-vu/<int:pk>/tien-do/", tasks.progress, name="progress"),
    path("chuong-trinh/nhiem-vu/<int:pk>/hoan-thanh/", tasks.complete, name="complete"),
    path("chuong-trinh/nhiem-vu/<int:pk>/mo-lai/", tasks.reopen_task, name="reopen"),
    path("chuong-trinh/nhiem-vu/<int:pk>/gia-han/", tasks.extension, name="extension"),
    path("chuong-trinh/gia-han/<int:pk>/quyet-dinh/", tasks.decide, name="decide_extension"),
]
