from django.urls import path

from support import views

# The namespace is the access-policy area (portal.policy): keep it "support".
app_name = "support"

urlpatterns = [
    path("", views.support_request_list, name="list"),
    path("new", views.support_request_create, name="create"),
    path("<str:number>", views.support_request_detail, name="detail"),
]
