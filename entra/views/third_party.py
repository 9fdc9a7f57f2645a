"""The third party's MFA prompt ("Tailspin Verify") that Conditional Access sends a user of a
tenant with non-Microsoft MFA to (journey 4). It is the product's page, not Entra's."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from entra import third_party_mfa
from entra.templatetags.entra_tags import stepup_cancel_url
from entra.views.mfa import safe_next


class CodeForm(forms.Form):
    code = forms.CharField(max_length=16, strip=True)


_ERRORS = {
    third_party_mfa.Verdict.WRONG_CODE: _("That code is not right. Check the app and try again."),
    third_party_mfa.Verdict.TOO_MANY_ATTEMPTS: _("Too many wrong codes. Try again later."),
}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def third_party_mfa_prompt(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = safe_next(request)
    if not third_party_mfa.uses_third_party_mfa(user):
        return HttpResponseRedirect(next_url or reverse("entra:security_info"))
    form = CodeForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        verdict = third_party_mfa.verify(request, user, form.cleaned_data["code"])
        if verdict is third_party_mfa.Verdict.PASSED:
            return HttpResponseRedirect(next_url or reverse("entra:security_info"))
        error = _ERRORS[verdict]
    elif request.method == "POST":
        error = _ERRORS[third_party_mfa.Verdict.WRONG_CODE]
    return render(
        request,
        "entra/third_party/prompt.html",
        {
            "product": third_party_mfa.PRODUCT,
            "next": next_url,
            "error": error,
            "cancel_url": stepup_cancel_url(next_url),
        },
        status=400 if error else 200,
    )
