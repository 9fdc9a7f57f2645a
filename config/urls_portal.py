"""The portal's URLs: each area's URLs under its namespace, from the areas' own declarations
(``<app>/area.py``, collected by ``portal.areas``)."""

from portal.areas import urlpatterns as area_urlpatterns

urlpatterns = area_urlpatterns()
