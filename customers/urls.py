from django.urls import path, re_path

from customers import views

# Mounted at /commerce/: every URL under it belongs to this area, a page that does not exist
# included, so that the access policy (sign-in, MFA, role) answers before the 404 does.
urlpatterns = [
    path("customers/", views.customer_list, name="list"),
    path("customers/<uuid:customer_tenant_id>/", views.customer_home, name="home"),
    path(
        "customers/<uuid:customer_tenant_id>/subscriptions", views.customer_detail,
        name="detail",
    ),
    re_path(r"^", views.not_found, name="not_found"),
]
