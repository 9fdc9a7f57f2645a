from django.urls import path

from journeytrace import views

urlpatterns = [
    path("", views.trace_page, name="page"),
    path("export.json", views.trace_export, name="export"),
    path("clear", views.trace_clear, name="clear"),
]
