"""The Partner Center API under ``/v1/`` (namespace ``api``: an area of ``portal.policy`` whose
own bearer authentication and policy, ``api.policy``, replace the pages' sign-in)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from api.views import billing, customers, docs

app_name = "api"

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:openapi"), name="docs"),
    path("customers", customers.CustomerList.as_view(), name="customers"),
    path("customers/<uuid:customer_id>", customers.CustomerDetail.as_view(), name="customer"),
    path(
        "customers/<uuid:customer_id>/subscribedskus",
        customers.SubscribedSkuList.as_view(),
        name="subscribed-skus",
    ),
    path(
        "customers/<uuid:customer_id>/subscriptions",
        customers.SubscriptionList.as_view(),
        name="subscriptions",
    ),
    path(
        "customers/<uuid:customer_id>/subscriptions/<uuid:subscription_id>",
        customers.SubscriptionDetail.as_view(),
        name="subscription",
    ),
    path("invoices", billing.InvoiceList.as_view(), name="invoices"),
    path("invoices/<str:invoice_id>", billing.InvoiceDetail.as_view(), name="invoice"),
    path(
        "invoices/<str:invoice_id>/lineitems",
        billing.InvoiceLineItemList.as_view(),
        name="invoice-lineitems",
    ),
    # Anything else under /v1/ is a JSON 404, not the pages' HTML one.
    re_path(r"^.*$", docs.not_found, name="not-found"),
]
