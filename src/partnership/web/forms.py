"""Account forms, laid out with the GOV.UK Design System through crispy-forms-gds."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm


class GdsFormMixin:
    """Gives a form a crispy-forms-gds helper with one primary button."""

    submit_label = "Save"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.for_label(Size.SMALL)
        # As in GovForm: the server's GOV.UK error summary, not the browser's pop-ups.
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", self.submit_label))


class SignInForm(GdsFormMixin, AuthenticationForm):
    submit_label = "Sign in"
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your administrator.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class ChangePasswordForm(GdsFormMixin, PasswordChangeForm):
    submit_label = "Change password"


class ConfirmForm(forms.Form):
    """An empty form for confirmation pages: the POST itself is the answer."""
