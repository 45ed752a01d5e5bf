from django.urls import path

from pages import views
from pages.models import Slug

app_name = "pages"

urlpatterns = [path(f"{slug}/", views.page_detail, {"slug": slug}, name=slug) for slug in Slug.values]
