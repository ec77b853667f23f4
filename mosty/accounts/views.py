from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mosty.accounts import selectors, services
from mosty.accounts.forms import ProfileForm
from mosty.accounts.models import User


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.user_update_profile(actor=user, user=user, full_name=form.cleaned_data["full_name"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your profile has been saved."))
                return redirect("accounts:profile")
    else:
        form = ProfileForm(initial={"full_name": user.full_name})
    context = {
        "form": form,
        "profile_user": user,
        "has_totp": selectors.user_has_totp(user),
        "email_verified": selectors.user_email_verified(user),
    }
    return render(request, "accounts/profile.html", context)
