"""Exceptions raised by sundtext.

Every error says what was expected, shows what came (with ``!r``) and how to
fix it. They subclass the built-in ``TypeError``/``ValueError`` so callers that
already catch those keep working.
"""

from __future__ import annotations


class SundtextError(Exception):
    """Base class of every sundtext exception."""


class SundtextTypeError(SundtextError, TypeError):
    """An argument of the wrong type, e.g. ``bytes`` where ``str`` was expected."""


class SundtextValueError(SundtextError, ValueError):
    """An argument of the right type with a value that cannot be used."""


class TaxonomyError(SundtextValueError):
    """A taxonomy file or object that does not validate."""


class GoldFormatError(SundtextValueError):
    """A gold-annotation file that does not follow the documented format."""


class ModelFileError(SundtextValueError):
    """A model file that cannot be loaded: missing, foreign, damaged, tampered or too new."""


def expect_str(value: object, name: str = "text") -> str:
    """Return ``value`` if it is a ``str``, else raise :class:`SundtextTypeError`.

    Parameters
    ----------
    value : object
        The argument to check.
    name : str
        The argument's name, used in the message.

    Returns
    -------
    str
        ``value`` unchanged.

    Raises
    ------
    SundtextTypeError
        If ``value`` is not a ``str``.

    Examples
    --------
    >>> expect_str("sygehus")
    'sygehus'
    """
    if isinstance(value, str):
        return value
    hint = ""
    if isinstance(value, (bytes, bytearray)):
        hint = " Decode it first, e.g. value.decode('utf-8')."
    elif value is None:
        hint = " Replace missing texts with '' before calling."
    raise SundtextTypeError(
        f"{name} must be a str, got {type(value).__name__} {_short_repr(value)}.{hint}"
    )


def _short_repr(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
