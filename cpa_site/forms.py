"""allauth's account forms with the academy's wording, and the name sign-up needs."""

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


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
    labels = {"remember": "Keep me signed in on this computer"}
    required_messages = {
        "login": "Enter your email address.",
        "password": "Enter your password.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page links to password reset below the form, after the button.
        self.fields["password"].help_text = ""


class SignupForm(PlainWordingMixin, allauth_forms.SignupForm):
    """Sign-up with the name the graduation certificate will show."""

    first_name = forms.CharField(
        label="First name",
        max_length=150,
        help_text="Your first and last name appear on your graduation certificate.",
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    field_order = ["first_name", "last_name", "email", "password1", "password2"]
    labels = {"password2": "Type the password again"}
    required_messages = {
        "first_name": "Enter your first name.",
        "last_name": "Enter your last name.",
        "email": "Enter your email address.",
        "password1": "Choose a password.",
        "password2": "Type the password again.",
    }


class ResetPasswordForm(PlainWordingMixin, allauth_forms.ResetPasswordForm):
    required_messages = {"email": "Enter the email address of your account."}


class ResetPasswordKeyForm(PlainWordingMixin, allauth_forms.ResetPasswordKeyForm):
    labels = {"password1": "New password", "password2": "Type the new password again"}
    required_messages = {
        "password1": "Choose a new password.",
        "password2": "Type the new password again.",
    }


class ChangePasswordForm(PlainWordingMixin, allauth_forms.ChangePasswordForm):
    labels = {
        "oldpassword": "Current password",
        "password1": "New password",
        "password2": "Type the new password again",
    }
    required_messages = {
        "oldpassword": "Enter your current password.",
        "password1": "Choose a new password.",
        "password2": "Type the new password again.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page links to password reset below the form, after the button.
        self.fields["oldpassword"].help_text = ""


class AddEmailForm(PlainWordingMixin, allauth_forms.AddEmailForm):
    labels = {"email": "Email address to add"}
    required_messages = {"email": "Enter the email address to add."}


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
