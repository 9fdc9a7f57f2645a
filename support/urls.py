from django.urls import path

from support import views

urlpatterns = [
    path("", views.support_request_list, name="list"),
    path("new", views.support_request_create, name="create"),
    path("<str:number>", views.support_request_detail, name="detail"),
]
