"""The portal's URLconf rebuilt while the sample area is installed (config.urls_portal was built
without it)."""

from portal.areas import urlpatterns as area_urlpatterns

urlpatterns = area_urlpatterns()
