"""One root for the app's own errors."""

import importlib
import inspect
import pkgutil

import tui_interview
from tui_interview.errors import TuiInterviewError


def own_exception_classes() -> list[type[BaseException]]:
    found = []
    for info in pkgutil.walk_packages(tui_interview.__path__, "tui_interview."):
        if info.name.endswith(".__main__"):  # running it starts the command
            continue
        module = importlib.import_module(info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, BaseException) and value.__module__ == info.name:
                found.append(value)
    return found


def test_every_error_of_the_app_derives_from_one_root():
    classes = own_exception_classes()
    names = {cls.__name__ for cls in classes}
    # The walk reaches every layer's errors.
    assert {"StorageError", "SessionError", "PlanError", "RatingError", "ExportError"} <= names
    assert {"ImportFailed", "CompetencyDataError", "MigrationError"} <= names
    outside = [
        f"{c.__module__}.{c.__qualname__}"
        for c in classes
        if c is not TuiInterviewError and not issubclass(c, TuiInterviewError)
    ]
    assert outside == []


def test_errors_that_were_value_errors_still_are():
    from tui_interview.domain.planning import PlanError
    from tui_interview.domain.rating import RatingError
    from tui_interview.domain.session import SessionError

    for cls in (PlanError, RatingError, SessionError):
        assert issubclass(cls, ValueError)
        assert issubclass(cls, TuiInterviewError)
