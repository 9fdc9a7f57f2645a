from django.urls import path

from accounts import views

urlpatterns = [
    path("authenticate/", views.AuthenticationRequestView.as_view(), name="authenticate"),
    path("callback/", views.CallbackView.as_view(), name="callback"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
]
