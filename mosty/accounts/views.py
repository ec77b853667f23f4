from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from mosty.accounts import selectors, services, tokens
from mosty.accounts.forms import ApiTokenForm, PreferencesForm, ProfileForm
from mosty.accounts.models import User
from mosty.core.errors import ApplicationError


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
    return _profile_page(request, user, form=form)


def _profile_page(
    request: HttpRequest,
    user: User,
    *,
    form: ProfileForm | None = None,
    preferences_form: PreferencesForm | None = None,
) -> HttpResponse:
    context = {
        "form": form or ProfileForm(initial={"full_name": user.full_name}),
        "preferences_form": preferences_form
        or PreferencesForm(initial={"language": user.language, "email_frequency": user.email_frequency}),
        "profile_user": user,
        "has_totp": selectors.user_has_totp(user),
        "email_verified": selectors.user_email_verified(user),
        "active_tokens": tokens.user_tokens(user)
        .filter(revoked_at__isnull=True)
        .exclude(expires_at__lte=timezone.now())
        .count(),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    """The language of e-mails and how often they come. Choosing a language here also switches the
    interface to it (the language cookie), so what the user reads and receives agree."""
    user = request.user
    assert isinstance(user, User)
    form = PreferencesForm(request.POST)
    if form.is_valid():
        try:
            user = services.user_set_preferences(actor=user, user=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            with translation.override(user.language):
                messages.success(request, _("Your e-mail settings have been saved."))
            response = redirect("accounts:profile")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
            return response
    return _profile_page(request, user, preferences_form=form)


def _tokens_page(request: HttpRequest, user: User, form: ApiTokenForm, secret: str = "") -> HttpResponse:
    context = {
        "form": form,
        "tokens": list(tokens.user_tokens(user)),
        "now": timezone.now(),
        "secret": secret,
    }
    response = render(request, "accounts/tokens.html", context)
    if secret:
        # The one page that shows the secret must not stay in any cache.
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's API tokens; a new one's secret is shown on the answer to the POST, and never again."""
    user = request.user
    assert isinstance(user, User)
    form = ApiTokenForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            _token, secret = tokens.api_token_create(
                actor=user, user=user, name=form.cleaned_data["name"], expires_at=form.expires_at()
            )
        except ValidationError as error:
            form.add_error(None, error)
        except ApplicationError as refused:
            form.add_error(None, refused.message)
        else:
            return _tokens_page(request, user, ApiTokenForm(), secret)
    return _tokens_page(request, user, form)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    token = get_object_or_404(tokens.user_tokens(user), pk=pk)  # someone else's token: 404
    try:
        tokens.api_token_revoke(actor=user, token=token)
    except ApplicationError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("accounts:api_tokens")


@csrf_exempt
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also keeps the choice as the signed-in user's language (the
    one e-mails are written in): one choice for what they read and what they receive. Mounted at
    /i18n/setlang/ before django.conf.urls.i18n, it answers exactly as Django's view does.

    A visitor's switch needs no CSRF token (it only sets their own language cookie), so the form
    in every page's header carries none for them and their pages can be kept in the page cache
    (mosty.core.pagecache). A signed-in user's switch also changes their account: it is checked
    for CSRF here exactly as the middleware would."""
    if request.user.is_authenticated:
        # Django's own view as the callback: ours is marked exempt, and the check would skip it.
        check = CsrfViewMiddleware(i18n_views.set_language)
        refused = check.process_view(request, i18n_views.set_language, (), {})
        if refused is not None:
            return refused
    response = i18n_views.set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if (
        isinstance(user, User)
        and user.is_active
        and language in dict(settings.LANGUAGES)
        and language != user.language
        and response.status_code in (200, 302)
    ):
        services.user_set_preferences(actor=user, user=user, language=language)
    return response
