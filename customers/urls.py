from django.urls import path

from customers import views

# The namespace is the access-policy area (portal.policy): keep it "customers".
app_name = "customers"

urlpatterns = [
    path("", views.customer_list, name="list"),
    path("<uuid:customer_tenant_id>/", views.customer_home, name="home"),
    path("<uuid:customer_tenant_id>/subscriptions", views.customer_detail, name="detail"),
]
