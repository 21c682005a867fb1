"""allauth's account forms with the academy's wording, the name and language sign-up needs,
and the form where a person changes their language."""

from allauth.account import forms as allauth_forms
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from .languages import active_language, user_language_set


class LanguageSelect(forms.Select):
    """Each language named in itself, marked with its own `lang` so screen readers say it
    right ("Español" read with Spanish rules)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["lang"] = value
        return option


def language_field(*, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Language"),
        required=required,
        choices=settings.LANGUAGES,
        help_text=_(
            "The language of the site once you sign in, and of the emails, calendar and "
            "certificate we send you."
        ),
        error_messages={
            "required": _("Choose a language."),
            "invalid_choice": _("Choose one of the languages in the list."),
        },
        widget=LanguageSelect,
    )


class PlainWordingMixin:
    """Sentence-case labels, messages that say what to do, and no placeholders: a placeholder
    only repeats the label and disappears as soon as someone types."""

    labels: dict[str, str] = {}
    required_messages: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in self.labels:
                field.label = self.labels[name]
            if name in self.required_messages:
                field.error_messages["required"] = self.required_messages[name]


class LoginForm(PlainWordingMixin, allauth_forms.LoginForm):
    labels = {"remember": _("Keep me signed in on this computer")}
    required_messages = {
        "login": _("Enter your email address."),
        "password": _("Enter your password."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page links to password reset below the form, after the button.
        self.fields["password"].help_text = ""


class SignupForm(PlainWordingMixin, allauth_forms.SignupForm):
    """Sign-up with the name the graduation certificate will show."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        help_text=_("Your first and last name appear on your graduation certificate."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    # Not required: a form posted without it (a script, an old page) gets the page's language.
    language = language_field(required=False)
    field_order = ["first_name", "last_name", "email", "password1", "password2", "language"]
    labels = {"password2": _("Type the password again")}
    required_messages = {
        "first_name": _("Enter your first name."),
        "last_name": _("Enter your last name."),
        "email": _("Enter your email address."),
        "password1": _("Choose a password."),
        "password2": _("Type the password again."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The language of the page they sign up on: their browser's, or the one they picked.
        self.fields["language"].initial = active_language()

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or active_language()

    def custom_signup(self, request, user) -> None:
        super().custom_signup(request, user)
        user_language_set(user=user, language=self.cleaned_data["language"])


class LanguageForm(forms.Form):
    """A person's own language, changed on their account pages."""

    language = language_field()


class ResetPasswordForm(PlainWordingMixin, allauth_forms.ResetPasswordForm):
    required_messages = {"email": _("Enter the email address of your account.")}


class ResetPasswordKeyForm(PlainWordingMixin, allauth_forms.ResetPasswordKeyForm):
    labels = {"password1": _("New password"), "password2": _("Type the new password again")}
    required_messages = {
        "password1": _("Choose a new password."),
        "password2": _("Type the new password again."),
    }


class ChangePasswordForm(PlainWordingMixin, allauth_forms.ChangePasswordForm):
    labels = {
        "oldpassword": _("Current password"),
        "password1": _("New password"),
        "password2": _("Type the new password again"),
    }
    required_messages = {
        "oldpassword": _("Enter your current password."),
        "password1": _("Choose a new password."),
        "password2": _("Type the new password again."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page links to password reset below the form, after the button.
        self.fields["oldpassword"].help_text = ""


class AddEmailForm(PlainWordingMixin, allauth_forms.AddEmailForm):
    labels = {"email": _("Email address to add")}
    required_messages = {"email": _("Enter the email address to add.")}


class AdminLoginForm(WagtailLoginForm):
    """Wagtail's own sign-in form (dev and test; production sends staff to allauth's page)
    asks for the email address staff sign in with everywhere else, not a "username". allauth's
    backend accepts the address in the username field."""

    error_messages = {
        **WagtailLoginForm.error_messages,
        "invalid_login": _("Your email address and password didn't match. Please try again."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.label = _("Email address")
        field.widget.attrs.update(
            {"placeholder": _("Enter your email address"), "autocomplete": "email"}
        )
