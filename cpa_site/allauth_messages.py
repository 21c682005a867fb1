"""allauth's own words that residents read on our pages, carried in our catalogue.

allauth ships no Vietnamese catalogue. Django looks each message up in our catalogue
(LOCALE_PATHS) before any app's, so listing allauth's exact msgids here with gettext_noop puts
them into cpa_site/locale when `makemessages` runs, and allauth's own gettext calls then find our
Spanish and Vietnamese. Nothing imports this module: it exists to be extracted.

Only what our set-up shows (sign-in by email, email addresses, password change and reset,
reauthentication, the authenticator app and recovery codes), and not what our adapter
(cpa_site/accounts.py) and forms (cpa_site/forms.py) already say in our own words. Page texts of
allauth's templates we do not override are not here. tests/cpa_site/test_allauth_messages.py
checks that each is still allauth's wording, so an upgrade that changes one is noticed.
"""

from django.utils.translation import gettext_noop

# Form labels, errors and choices (allauth/account/forms.py, fields.py, adapter.py).
ACCOUNT_FORMS = (
    gettext_noop("Email"),
    gettext_noop("Password"),
    gettext_noop("Forgot your password?"),
    gettext_noop("You must type the same password each time."),
    gettext_noop("Please type your current password."),
    gettext_noop("Incorrect password."),
    gettext_noop("This email address is already associated with this account."),
    gettext_noop("The password reset token was invalid."),
    gettext_noop("Use your password"),
    gettext_noop("Use authenticator app or code"),
)

# The second factor (allauth/mfa): its forms and refusals.
MFA_FORMS = (
    gettext_noop("Code"),
    gettext_noop("Authenticator code"),
    gettext_noop("Incorrect code."),
    gettext_noop(
        "You cannot add an email address to an account protected by two-factor authentication."
    ),
    gettext_noop("You cannot deactivate two-factor authentication."),
    gettext_noop(
        "You cannot generate recovery codes without having two-factor authentication enabled."
    ),
    gettext_noop(
        "You cannot activate two-factor authentication until you have verified your email address."
    ),
)

# Flash messages from allauth's templates/account/messages and templates/mfa/messages that we
# do not override (templates/account/messages/ has our own wording of the others).
FLASH_MESSAGES = (
    gettext_noop("You have signed out."),
    gettext_noop("Removed email address %(email)s."),
    gettext_noop("Primary email address set."),
    gettext_noop("Your primary email address must be verified."),
    gettext_noop("You cannot remove your primary email address (%(email)s)."),
    gettext_noop(
        "Unable to confirm %(email)s because it is already confirmed by a different account."
    ),
    gettext_noop("Authenticator app activated."),
    gettext_noop("Authenticator app deactivated."),
    gettext_noop("A new set of recovery codes has been generated."),
)

ALL = ACCOUNT_FORMS + MFA_FORMS + FLASH_MESSAGES
