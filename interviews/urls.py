from django.urls import path

from interviews import downloads, views

app_name = "interviews"

urlpatterns = [
    path("", views.home, name="home"),
    path("reihen/<slug:slug>/", views.series_detail, name="series"),
    path("interviews/", views.interview_list, name="list"),
    path("interviews/<slug:slug>/", views.interview_detail, name="detail"),
    path("interviews/<slug:slug>/pdf/", downloads.interview_pdf, name="pdf"),
    path("themen/<slug:slug>/", views.theme_detail, name="theme"),
]
