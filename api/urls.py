"""The Partner Center API under ``/v1/`` (the area ``api`` of api/area.py, whose
own bearer authentication and policy, ``api.policy``, replace the pages' sign-in)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from api.views import billing, catalog, customers, docs, orders, relationships, users

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("docs/", docs.ApiDocsView.as_view(url_name="api:openapi"), name="docs"),
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
    path("products", catalog.ProductList.as_view(), name="products"),
    path("products/<str:product_id>", catalog.ProductDetail.as_view(), name="product"),
    path("products/<str:product_id>/skus", catalog.SkuList.as_view(), name="product-skus"),
    path("productPromotions", catalog.PromotionList.as_view(), name="promotions"),
    path("customers/<uuid:customer_id>/orders", orders.OrderList.as_view(), name="orders"),
    path(
        "customers/<uuid:customer_id>/orders/<uuid:order_id>",
        orders.OrderDetail.as_view(),
        name="order",
    ),
    path("customers/<uuid:customer_id>/users", users.CustomerUserList.as_view(), name="users"),
    path(
        "customers/<uuid:customer_id>/users/<uuid:user_id>/licenses",
        users.LicenseList.as_view(),
        name="user-licenses",
    ),
    path(
        "customers/<uuid:customer_id>/users/<uuid:user_id>/licenseupdates",
        users.LicenseUpdate.as_view(),
        name="user-license-updates",
    ),
    path(
        "delegatedAdminRelationships",
        relationships.AdminRelationshipList.as_view(),
        name="relationships",
    ),
    path(
        "delegatedAdminRelationships/<uuid:relationship_id>",
        relationships.AdminRelationshipDetail.as_view(),
        name="relationship",
    ),
    path(
        "delegatedAdminRelationships/<uuid:relationship_id>/accessAssignments",
        relationships.AccessAssignmentList.as_view(),
        name="access-assignments",
    ),
    # Anything else under /v1/ is a JSON 404, not the pages' HTML one.
    re_path(r"^.*$", docs.not_found, name="not-found"),
]
