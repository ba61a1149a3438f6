"""Query parameters of our GET endpoints: read strictly, a bad one refused naming it."""

from decimal import Decimal

from plone.restapi.serializer.converters import json_compatible

from digitalgemeinde import _
from digitalgemeinde.services.base import ApiError

MAX_PAGE_SIZE = 100
CENTS = Decimal("0.01")


def given_twice(name: str) -> dict:
    return {
        "field": name,
        "message": _("The parameter ${name} was given more than once.", mapping={"name": name}),
    }


def single(request, name: str, errors: list) -> str:
    """The stripped value of a parameter that may be given once; "" when it is missing."""
    value = request.form.get(name, "")
    if isinstance(value, str):
        return value.strip()
    errors.append(given_twice(name))
    return ""


def whole_number(request, name: str, errors: list, low: int, high: int | None = None):
    """An integer parameter within ``low``..``high``; None when missing or refused."""
    value = request.form.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, list | tuple):
        errors.append(given_twice(name))
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or number < low or (high is not None and number > high):
        if high is None:
            message = _(
                "The parameter ${name} must be a whole number of at least ${min}.",
                mapping={"name": name, "min": low},
            )
        else:
            message = _(
                "The parameter ${name} must be a whole number from ${min} to ${max}.",
                mapping={"name": name, "min": low, "max": high},
            )
        errors.append({"field": name, "message": message})
        return None
    return number


def batch_params(request, errors: list, default_size: int) -> tuple[int, int]:
    """``b_start`` (0 or more) and ``b_size`` (1 to MAX_PAGE_SIZE, else ``default_size``).

    The page size is put into the request when it is missing, so that plone.restapi's
    HypermediaBatch (which reads the request) cuts pages of ``default_size``.
    """
    b_start = whole_number(request, "b_start", errors, 0)
    b_size = whole_number(request, "b_size", errors, 1, MAX_PAGE_SIZE)
    if b_size is None:
        b_size = default_size
        request.form["b_size"] = default_size
    return b_start or 0, b_size


def refuse(errors: list) -> None:
    """400 naming every parameter in ``errors``; the first one's message on top."""
    if errors:
        raise ApiError(400, errors[0]["message"], errors)


def when(value) -> str | None:
    """A DateTime or datetime as ISO 8601 (as plone.restapi gives dates)."""
    return json_compatible(value) if value is not None else None


def money(value) -> str | None:
    """An amount of CHF as a string with two decimals (JSON numbers are floats)."""
    if value is None:
        return None
    return str(Decimal(value).quantize(CENTS))
