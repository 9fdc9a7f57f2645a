"""A test-only area app: installed by portal/tests/test_areas.py to show that one declaration
(its area.py) is all the portal needs."""
