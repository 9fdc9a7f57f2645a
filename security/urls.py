from django.urls import path

from security import views

urlpatterns = [
    path("", views.home, name="home"),
    path("fraudevents/", views.fraud_events, name="fraud_events"),
    path("fraudevents/<int:pk>/resolve", views.fraud_event_resolve, name="fraud_event_resolve"),
    path("requirements", views.requirements, name="requirements"),
    # portal, api, principals, daily: the rows behind each figure of the requirements page.
    path("requirements/<slug:figure>.csv", views.requirements_csv, name="requirements_csv"),
]
