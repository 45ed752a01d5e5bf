from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from interviews.editorial import approval_views
from interviews.reader import citations, collection_downloads, downloads, opendata, views
from interviews.reader.feeds import InterviewFeed
from interviews.reader.sitemaps import SITEMAPS

app_name = "interviews"

urlpatterns = [
    path("", views.home, name="home"),
    path("reihen/", views.series_index, name="series_index"),
    path("reihen/<slug:slug>/", views.series_detail, name="series"),
    path("reihen/<slug:slug>/pdf/", collection_downloads.series_volume, name="series_pdf"),
    path("reihen/<slug:slug>/zitation.bib", citations.series_citation, {"fmt": "bib"}, name="series_citation_bib"),
    path("reihen/<slug:slug>/zitation.ris", citations.series_citation, {"fmt": "ris"}, name="series_citation_ris"),
    path("reihen/<slug:slug>/zitation.json", citations.series_citation, {"fmt": "json"}, name="series_citation_json"),
    path("interviews/", views.interview_list, name="list"),
    path("interviews/<slug:slug>/", views.interview_detail, name="detail"),
    path("interviews/<slug:slug>/pdf/", downloads.interview_pdf, name="pdf"),
    path("interviews/<slug:slug>/zitation.bib", citations.interview_citation, {"fmt": "bib"}, name="citation_bib"),
    path("interviews/<slug:slug>/zitation.ris", citations.interview_citation, {"fmt": "ris"}, name="citation_ris"),
    path("interviews/<slug:slug>/zitation.json", citations.interview_citation, {"fmt": "json"}, name="citation_json"),
    path("themen/", views.theme_index, name="themes"),
    path("themen/<slug:slug>/", views.theme_detail, name="theme"),
    path("themen/<slug:slug>/pdf/", collection_downloads.theme_booklet, name="theme_pdf"),
    path("autorisierung/<str:token>/", approval_views.approval_page, name="approval"),
    path("autorisierung/<str:token>/pdf/", approval_views.approval_pdf, name="approval_pdf"),
    path("daten/", opendata.data_index, name="data"),
    path("daten/interviews.json", opendata.data_json, name="data_json"),
    path("daten/interviews.csv", opendata.data_csv, name="data_csv"),
    path("daten/interviews.schema.json", opendata.data_schema_json, name="data_schema"),
    path("daten/datapackage.json", opendata.data_package_json, name="data_package"),
    path("feed/", InterviewFeed(), name="feed"),
    path("sitemap.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
