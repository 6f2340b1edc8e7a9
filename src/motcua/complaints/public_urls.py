"""Citizens' pages for cases: file online, follow by code, published answers; mounted at the root."""

app_name = "complaints_public"
urlpatterns: list = []
