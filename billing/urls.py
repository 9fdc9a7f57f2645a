from django.urls import path

from billing import views

urlpatterns = [
    path("", views.invoices, name="invoices"),
    path("invoices/<str:number>/", views.invoice, name="invoice"),
    path(
        "invoices/<str:number>/reconciliation.csv", views.reconciliation, name="reconciliation"
    ),
]
