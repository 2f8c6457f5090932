"""Calling a function that a student wrote: not written yet, not a function, or failing, each said as feedback.

Checkers whose answer is a function (a stable sigmoid, a loss and its
gradients, a GRU) call it on inputs of their own through
:func:`call_answer`, so that a function that is still the template's
``return None``, a value that is not a function, and a function that raises
all come back as :class:`~rnnbook.checks.feedback.Feedback`, never as a
traceback in the student's check cell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rnnbook.checks.feedback import Feedback, not_answered


def call_answer(
    what: str,
    fn: Any,
    args: tuple,
    *,
    usage: str,
    passthrough: tuple[type[BaseException], ...] = (),
) -> tuple[Any, Feedback | None]:
    """Call the student's ``fn(*args)``: ``(result, None)``, or ``(None, feedback)`` when it cannot be used.

    Parameters
    ----------
    what : str
        What is checked, for the feedback (e.g. "stable sigmoid").
    fn : callable or None
        The student's function; None is not answered yet.
    args : tuple
        The arguments it is called with (copies: the student may change them).
    usage : str
        How it is called, said when it raises (e.g. "It is called as `fn(X)`.").
    passthrough : tuple of exception types
        Exceptions the checker handles itself, raised again.

    Returns
    -------
    tuple
        ``(result, None)`` if ``fn`` returned something other than None;
        otherwise ``(None, feedback)``: not answered (None, or a function that
        returns None, the templates' ``return None``), not a function, or the
        exception it raised.

    Examples
    --------
    >>> call_answer("double", lambda x: 2 * x, (3,), usage="fn(x)")
    (6, None)
    >>> call_answer("double", lambda x: None, (3,), usage="fn(x)")[1].status
    'not answered'
    >>> print(call_answer("double", lambda x: x / 0, (3,), usage="It is called as fn(x).")[1])
    [try again] double: Your function raised ZeroDivisionError: division by zero
      hint: It is called as fn(x).
    """
    if fn is None:
        return None, not_answered(what)
    if not callable(fn):
        return None, Feedback(what, False, f"Your answer is a {type(fn).__name__}; give the "
                                           "function itself (its name, without calling it).")
    function: Callable[..., Any] = fn
    try:
        result = function(*args)
    except passthrough:
        raise
    except Exception as error:  # noqa: BLE001 (the student's code may fail in any way)
        return None, Feedback(what, False, f"Your function raised {type(error).__name__}: {error}",
                              (usage,))
    if result is None:
        return None, not_answered(what)
    return result, None
