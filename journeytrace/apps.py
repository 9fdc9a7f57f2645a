from django.apps import AppConfig


class JourneyTraceConfig(AppConfig):
    """The journey trace: every decision of a sign-in and step-up, for this browser session.

    Named ``journeytrace``, not ``trace``, which would shadow the standard library's module.
    """

    name = "journeytrace"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from journeytrace.receivers import trace_clear_on_sign_out, trace_rotate_on_sign_in

        user_logged_in.connect(trace_rotate_on_sign_in, dispatch_uid="journeytrace.sign_in")
        user_logged_out.connect(trace_clear_on_sign_out, dispatch_uid="journeytrace.sign_out")
