"""The locker's domain errors (F30). The message is for the person at the screen."""


class DocumentError(ValueError):
    """An operation on a locker that cannot be done as asked; `field` is the form field it is about."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = str(message)
        self.field = field

    def __str__(self):
        return self.message


class DocumentRejected(DocumentError):
    """An upload refused for what it is (type, size, damage); nothing was stored."""

    def __init__(self, message, field="file"):
        super().__init__(message, field)
