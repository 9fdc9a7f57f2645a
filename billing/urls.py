from django.urls import path

from billing import views

# The namespace is the access-policy area (portal.policy): keep it "billing".
app_name = "billing"

urlpatterns = [
    path("", views.invoices, name="invoices"),
    path("invoices/<str:number>/", views.invoice, name="invoice"),
    path(
        "invoices/<str:number>/reconciliation.csv", views.reconciliation, name="reconciliation"
    ),
]
