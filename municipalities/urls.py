from django.urls import path

from municipalities import views

app_name = "municipalities"

urlpatterns = [
    path("", views.kommune_list, name="list"),
    path("<slug:slug>/", views.kommune_detail, name="detail"),
]
