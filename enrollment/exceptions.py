"""Domain errors: a rule refused a change, with a message a person can read."""


class EnrollmentError(Exception):
    """A rule refused the change; `message` is for the person, `errors` maps form fields."""

    def __init__(self, message: str, *, errors: dict[str, str] | None = None, code: str = ""):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
        self.code = code

    def add_to_form(self, form) -> None:
        """Show the refusal where the person looks: next to its field, else above the form."""
        for field, message in self.errors.items():
            form.add_error(field if field in form.fields else None, message)
        if not self.errors:
            form.add_error(None, self.message)
