# pyref's asyncio subset: a deterministic event loop with CPython 3.11's scheduling order.
#
# Compiled and run by pyref itself when a program imports asyncio (see asyncio_mod.rs).
# Written for pyref from the behaviour of CPython 3.11's asyncio (futures, tasks,
# base_events, runners); not a copy of it.
#
# Invariants:
# - One FIFO ready queue. A task's first step is queued when the task is created; a future's
#   done callbacks are queued (in registration order) when it completes; a bare `yield` in a
#   task (sleep(0)) queues its next step; a loop iteration runs exactly the handles that were
#   ready when it started.
# - Timers use a virtual clock: when nothing is ready the clock jumps to the earliest
#   deadline; timers fire by (deadline, creation order). Nothing really sleeps.
# - Task names come from one counter shared by every loop (Task-1, Task-2, ...); a task
#   created through asyncio.create_task(..., name=...) still consumes a number, as in 3.11.
# - Error texts are CPython 3.11's.

import sys as _sys
import types as _types
import inspect as _inspect
import traceback as _traceback

__all__ = [
    "run", "sleep", "gather", "create_task", "current_task", "all_tasks",
    "get_running_loop", "get_event_loop", "ensure_future", "Future", "Task",
    "CancelledError", "InvalidStateError", "TimeoutError", "iscoroutine",
    "iscoroutinefunction", "wait_for", "Runner",
]


class CancelledError(BaseException):
    """The Future or Task was cancelled."""
    __module__ = "asyncio.exceptions"


class InvalidStateError(Exception):
    """The operation is not allowed in this state."""
    __module__ = "asyncio.exceptions"


TimeoutError = TimeoutError

_PENDING = "PENDING"
_CANCELLED = "CANCELLED"
_FINISHED = "FINISHED"

_running_loop = None
_current_task = None
_task_counter = 0


def iscoroutine(obj):
    return isinstance(obj, (_types.CoroutineType, _types.GeneratorType))


def iscoroutinefunction(func):
    return _inspect.iscoroutinefunction(func)


def _format_coroutine(coro):
    name = getattr(coro, "__qualname__", None) or getattr(coro, "__name__", None)
    name = f"{name}()"
    code = getattr(coro, "cr_code", None) or getattr(coro, "gi_code", None)
    if not code:
        return name
    frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
    if frame is not None:
        return f"{name} running at {code.co_filename}:{frame.f_lineno}"
    return f"{name} done, defined at {code.co_filename}:{code.co_firstlineno}"


def _format_callback(cb):
    name = getattr(cb, "__qualname__", None) or getattr(cb, "__name__", None) or repr(cb)
    if isinstance(cb, _types.FunctionType):
        code = cb.__code__
        return f"{name}() at {code.co_filename}:{code.co_firstlineno}"
    return f"{name}()"


def _report(context):
    """The loop's default exception handler (logged to stderr as logging's last resort)."""
    lines = [context.get("message") or "Unhandled exception in event loop"]
    for key in sorted(context):
        if key == "message" or key == "exception":
            continue
        lines.append(f"{key}: {context[key]!r}")
    text = "\n".join(lines)
    exc = context.get("exception")
    if exc is not None:
        tb = "".join(_traceback.format_exception(type(exc), exc, exc.__traceback__))
        text = text + "\n" + tb[:-1]
    _sys.stderr.write(text + "\n")


class Handle:
    def __init__(self, callback, args, loop):
        self._callback = callback
        self._args = args
        self._loop = loop
        self._cancelled = False

    def cancel(self):
        self._cancelled = True

    def cancelled(self):
        return self._cancelled

    def _run(self):
        try:
            self._callback(*self._args)
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            self._loop.call_exception_handler({
                "message": f"Exception in callback {_format_callback(self._callback)}",
                "exception": exc,
                "handle": self,
            })
        # A finished frame keeps its f_back: do not let it keep this handle alive.
        self = None


class TimerHandle(Handle):
    def __init__(self, when, seq, callback, args, loop):
        super().__init__(callback, args, loop)
        self._when = when
        self._seq = seq

    def when(self):
        return self._when


class _Loop:
    def __init__(self):
        self._ready = []
        self._timers = []
        self._timer_seq = 0
        self._clock = 0.0
        self._stopping = False
        self._closed = False
        self._pending_tasks = []

    def __repr__(self):
        return f"<_UnixSelectorEventLoop running={self is _running_loop} closed={self._closed} debug=False>"

    def time(self):
        return self._clock

    def is_running(self):
        return self is _running_loop

    def is_closed(self):
        return self._closed

    def close(self):
        self._ready = []
        self._timers = []
        self._closed = True

    def stop(self):
        self._stopping = True

    def call_soon(self, callback, *args, context=None):
        if self._closed:
            raise RuntimeError("Event loop is closed")
        h = Handle(callback, args, self)
        self._ready.append(h)
        return h

    def call_at(self, when, callback, *args, context=None):
        self._timer_seq += 1
        h = TimerHandle(when, self._timer_seq, callback, args, self)
        i = len(self._timers)
        while i > 0 and (self._timers[i - 1]._when, self._timers[i - 1]._seq) > (when, h._seq):
            i -= 1
        self._timers.insert(i, h)
        return h

    def call_later(self, delay, callback, *args, context=None):
        return self.call_at(self._clock + delay, callback, *args)

    def create_future(self):
        return Future(loop=self)

    def create_task(self, coro, *, name=None, context=None):
        if self._closed:
            raise RuntimeError("Event loop is closed")
        return Task(coro, loop=self, name=name)

    def call_exception_handler(self, context):
        _report(context)

    def _run_once(self):
        while self._timers and self._timers[0]._cancelled:
            self._timers.pop(0)
        if not self._ready and not self._stopping and self._timers:
            # Nothing to do until the earliest deadline: the virtual clock jumps there.
            if self._timers[0]._when > self._clock:
                self._clock = self._timers[0]._when
        while self._timers and self._timers[0]._when <= self._clock:
            self._ready.append(self._timers.pop(0))
        ntodo = len(self._ready)
        for _ in range(ntodo):
            h = self._ready.pop(0)
            if not h._cancelled:
                h._run()
        h = None

    def run_forever(self):
        global _running_loop
        if self._closed:
            raise RuntimeError("Event loop is closed")
        if self is _running_loop:
            raise RuntimeError("This event loop is already running")
        if _running_loop is not None:
            raise RuntimeError("Cannot run the event loop while another loop is running")
        _running_loop = self
        try:
            while True:
                if not self._ready and not self._timers and not self._stopping:
                    _pyref_unsupported("an asyncio event loop with nothing left to run (CPython blocks forever)")
                self._run_once()
                if self._stopping:
                    break
        finally:
            self._stopping = False
            _running_loop = None

    def run_until_complete(self, future):
        if self._closed:
            raise RuntimeError("Event loop is closed")
        if self is _running_loop:
            raise RuntimeError("This event loop is already running")
        new_task = not isinstance(future, Future)
        future = ensure_future(future, loop=self)
        if new_task:
            future._log_destroy_pending = False
        future.add_done_callback(_run_until_complete_cb)
        try:
            self.run_forever()
        except:
            if new_task and future.done() and not future.cancelled():
                future.exception()
            raise
        finally:
            future.remove_done_callback(_run_until_complete_cb)
        if not future.done():
            raise RuntimeError("Event loop stopped before Future completed.")
        return future.result()

    async def shutdown_asyncgens(self):
        return None

    async def shutdown_default_executor(self):
        return None


def _run_until_complete_cb(fut):
    if not fut.cancelled():
        exc = fut.exception()
        if isinstance(exc, (SystemExit, KeyboardInterrupt)):
            return
    fut._loop.stop()


def get_running_loop():
    if _running_loop is None:
        raise RuntimeError("no running event loop")
    return _running_loop


def get_event_loop():
    if _running_loop is None:
        _pyref_unsupported("asyncio.get_event_loop() without a running event loop")
    return _running_loop


class Future:
    _asyncio_future_blocking = False

    def __init__(self, *, loop=None):
        self._loop = get_event_loop() if loop is None else loop
        self._state = _PENDING
        self._result = None
        self._exception = None
        self._exception_tb = None
        self._callbacks = []
        self._cancel_message = None
        self._cancelled_exc = None
        self._log_traceback = False

    def _repr_info(self):
        info = [self._state.lower()]
        if self._state == _FINISHED:
            if self._exception is not None:
                info.append(f"exception={self._exception!r}")
            else:
                info.append(f"result={self._result!r}")
        if self._callbacks:
            cbs = [_format_callback(cb) for cb in self._callbacks]
            if len(cbs) > 2:
                cbs = [cbs[0], f"<{len(cbs) - 2} more>", cbs[-1]]
            info.append("cb=[" + ", ".join(cbs) + "]")
        return info

    def __repr__(self):
        return f"<{type(self).__name__} {' '.join(self._repr_info())}>"

    def __del__(self):
        if not self._log_traceback:
            return
        self._loop.call_exception_handler({
            "message": f"{type(self).__name__} exception was never retrieved",
            "exception": self._exception,
            "future": self,
        })

    def get_loop(self):
        return self._loop

    def _make_cancelled_error(self):
        if self._cancelled_exc is not None:
            exc = self._cancelled_exc
            self._cancelled_exc = None
            return exc
        if self._cancel_message is None:
            return CancelledError()
        return CancelledError(self._cancel_message)

    def cancel(self, msg=None):
        self._log_traceback = False
        if self._state != _PENDING:
            return False
        self._state = _CANCELLED
        self._cancel_message = msg
        self._schedule_callbacks()
        return True

    def _schedule_callbacks(self):
        callbacks = self._callbacks
        self._callbacks = []
        for cb in callbacks:
            self._loop.call_soon(cb, self)

    def cancelled(self):
        return self._state == _CANCELLED

    def done(self):
        return self._state != _PENDING

    def result(self):
        if self._state == _CANCELLED:
            raise self._make_cancelled_error()
        if self._state != _FINISHED:
            raise InvalidStateError("Result is not ready.")
        self._log_traceback = False
        if self._exception is None:
            return self._result
        exc, tb = self._exception, self._exception_tb
        self = None
        raise exc.with_traceback(tb)

    def exception(self):
        if self._state == _CANCELLED:
            raise self._make_cancelled_error()
        if self._state != _FINISHED:
            raise InvalidStateError("Exception is not set.")
        self._log_traceback = False
        return self._exception

    def add_done_callback(self, fn, *, context=None):
        if self._state != _PENDING:
            self._loop.call_soon(fn, self)
        else:
            self._callbacks.append(fn)

    def remove_done_callback(self, fn):
        kept = [cb for cb in self._callbacks if cb != fn]
        removed = len(self._callbacks) - len(kept)
        self._callbacks = kept
        return removed

    def set_result(self, result):
        if self._state != _PENDING:
            raise InvalidStateError(f"{self._state}: {self!r}")
        self._result = result
        self._state = _FINISHED
        self._schedule_callbacks()

    def set_exception(self, exception):
        if self._state != _PENDING:
            raise InvalidStateError(f"{self._state}: {self!r}")
        if isinstance(exception, type):
            exception = exception()
        if type(exception) is StopIteration:
            raise TypeError("StopIteration interacts badly with generators "
                            "and cannot be raised into a Future")
        self._exception = exception
        self._exception_tb = exception.__traceback__
        self._state = _FINISHED
        self._schedule_callbacks()
        self._log_traceback = True

    def __await__(self):
        if not self.done():
            self._asyncio_future_blocking = True
            yield self
        if not self.done():
            raise RuntimeError("await wasn't used with future")
        return self.result()

    __iter__ = __await__


Future.__module__ = "_asyncio"


def _next_task_name():
    global _task_counter
    _task_counter += 1
    return f"Task-{_task_counter}"


class Task(Future):
    def __init__(self, coro, *, loop=None, name=None, context=None):
        super().__init__(loop=loop)
        if not iscoroutine(coro):
            self._log_destroy_pending = False
            raise TypeError(f"a coroutine was expected, got {coro!r}")
        self._name = _next_task_name() if name is None else str(name)
        self._num_cancels_requested = 0
        self._must_cancel = False
        self._fut_waiter = None
        self._coro = coro
        self._log_destroy_pending = True
        self._loop.call_soon(self._Task__step)
        self._loop._pending_tasks.append(self)

    def _repr_info(self):
        info = super()._repr_info()
        if self._num_cancels_requested > 0 and not self.done():
            info[0] = "cancelling"
        info.insert(1, f"name={self.get_name()!r}")
        info.insert(2, f"coro=<{_format_coroutine(self._coro)}>")
        if self._fut_waiter is not None:
            info.insert(3, f"wait_for={self._fut_waiter!r}")
        return info

    def __del__(self):
        if self._state == _PENDING and self._log_destroy_pending:
            self._loop.call_exception_handler({
                "message": "Task was destroyed but it is pending!",
                "task": self,
            })
        super().__del__()

    def get_coro(self):
        return self._coro

    def get_name(self):
        return self._name

    def set_name(self, value):
        self._name = str(value)

    def set_result(self, result):
        raise RuntimeError("Task does not support set_result operation")

    def set_exception(self, exception):
        raise RuntimeError("Task does not support set_exception operation")

    def cancelling(self):
        return self._num_cancels_requested

    def uncancel(self):
        if self._num_cancels_requested > 0:
            self._num_cancels_requested -= 1
        return self._num_cancels_requested

    def cancel(self, msg=None):
        self._log_traceback = False
        if self.done():
            return False
        self._num_cancels_requested += 1
        if self._fut_waiter is not None:
            if self._fut_waiter.cancel(msg=msg):
                return True
        self._must_cancel = True
        self._cancel_message = msg
        return True

    def _finish(self):
        if self in self._loop._pending_tasks:
            self._loop._pending_tasks.remove(self)

    def _Task__step(self, exc=None):
        global _current_task
        if self.done():
            raise InvalidStateError(f"_step(): already done: {self!r}, {exc!r}")
        if self._must_cancel:
            if not isinstance(exc, CancelledError):
                exc = self._make_cancelled_error()
            self._must_cancel = False
        coro = self._coro
        self._fut_waiter = None
        _current_task = self
        try:
            if exc is None:
                result = coro.send(None)
            else:
                result = coro.throw(exc)
        except StopIteration as stop:
            self._finish()
            if self._must_cancel:
                self._must_cancel = False
                Future.cancel(self, msg=self._cancel_message)
            else:
                Future.set_result(self, stop.value)
        except CancelledError as cancelled:
            self._finish()
            self._cancelled_exc = cancelled
            Future.cancel(self)
        except (KeyboardInterrupt, SystemExit) as fatal:
            self._finish()
            Future.set_exception(self, fatal)
            raise
        except BaseException as error:
            self._finish()
            Future.set_exception(self, error)
        else:
            self._handle_yield(result)
        finally:
            _current_task = None
            # Break the cycle task -> exception -> traceback -> this frame -> task.
            self = None

    def _handle_yield(self, result):
        blocking = getattr(result, "_asyncio_future_blocking", None)
        if blocking is not None:
            if result._loop is not self._loop:
                new_exc = RuntimeError(
                    f"Task {self!r} got Future {result!r} attached to a different loop")
                self._loop.call_soon(self._Task__step, new_exc)
            elif blocking:
                if result is self:
                    new_exc = RuntimeError(f"Task cannot await on itself: {self!r}")
                    self._loop.call_soon(self._Task__step, new_exc)
                else:
                    result._asyncio_future_blocking = False
                    result.add_done_callback(self.task_wakeup)
                    self._fut_waiter = result
                    if self._must_cancel:
                        if self._fut_waiter.cancel(msg=self._cancel_message):
                            self._must_cancel = False
            else:
                new_exc = RuntimeError(
                    f"yield was used instead of yield from in task {self!r} with {result!r}")
                self._loop.call_soon(self._Task__step, new_exc)
        elif result is None:
            self._loop.call_soon(self._Task__step)
        elif isinstance(result, _types.GeneratorType):
            new_exc = RuntimeError(
                f"yield was used instead of yield from for generator in task {self!r} with {result!r}")
            self._loop.call_soon(self._Task__step, new_exc)
        else:
            new_exc = RuntimeError(f"Task got bad yield: {result!r}")
            self._loop.call_soon(self._Task__step, new_exc)

    def task_wakeup(self, future):
        exc = None
        try:
            future.result()
        except BaseException as error:
            exc = error
        self._Task__step(exc)


Task.__module__ = "_asyncio"


def current_task(loop=None):
    if loop is None:
        get_running_loop()
    return _current_task


def all_tasks(loop=None):
    if loop is None:
        loop = get_running_loop()
    return set(t for t in loop._pending_tasks if not t.done())


def create_task(coro, *, name=None, context=None):
    loop = get_running_loop()
    task = loop.create_task(coro)
    if name is not None:
        task.set_name(name)
    return task


def ensure_future(coro_or_future, *, loop=None):
    if isinstance(coro_or_future, Future):
        return coro_or_future
    if not iscoroutine(coro_or_future):
        if hasattr(coro_or_future, "__await__"):
            coro_or_future = _wrap_awaitable(coro_or_future)
        else:
            raise TypeError("An asyncio.Future, a coroutine or an awaitable is required")
    if loop is None:
        loop = get_event_loop()
    return loop.create_task(coro_or_future)


async def _wrap_awaitable(awaitable):
    return await awaitable


@_types.coroutine
def _sleep0():
    yield


def _set_result_unless_cancelled(fut, result):
    if fut.cancelled():
        return
    fut.set_result(result)


async def sleep(delay, result=None):
    if delay <= 0:
        await _sleep0()
        return result
    loop = get_running_loop()
    future = loop.create_future()
    h = loop.call_later(delay, _set_result_unless_cancelled, future, result)
    try:
        return await future
    finally:
        h.cancel()


class _GatheringFuture(Future):
    def __init__(self, children, *, loop):
        super().__init__(loop=loop)
        self._children = children
        self._cancel_requested = False

    def cancel(self, msg=None):
        if self.done():
            return False
        ret = False
        for child in self._children:
            if child.cancel(msg=msg):
                ret = True
        if ret:
            self._cancel_requested = True
        return ret


_GatheringFuture.__module__ = "asyncio.tasks"


def gather(*coros_or_futures, return_exceptions=False):
    if not coros_or_futures:
        outer = get_event_loop().create_future()
        outer.set_result([])
        return outer
    children = []
    seen = []
    state = {"nfuts": 0, "nfinished": 0, "outer": None}

    def _done_callback(fut):
        state["nfinished"] += 1
        outer = state["outer"]
        if outer is None or outer.done():
            if not fut.cancelled():
                fut.exception()
            return
        if not return_exceptions:
            if fut.cancelled():
                outer.set_exception(fut._make_cancelled_error())
                return
            exc = fut.exception()
            if exc is not None:
                outer.set_exception(exc)
                return
        if state["nfinished"] == state["nfuts"]:
            results = []
            for child in children:
                if child.cancelled():
                    msg = child._cancel_message
                    res = CancelledError("" if msg is None else msg)
                else:
                    res = child.exception()
                    if res is None:
                        res = child.result()
                results.append(res)
            if outer._cancel_requested:
                outer.set_exception(fut._make_cancelled_error())
            else:
                outer.set_result(results)

    loop = None
    for arg in coros_or_futures:
        fut = None
        for a, f in seen:
            if a is arg:
                fut = f
        if fut is None:
            fut = ensure_future(arg, loop=loop)
            if loop is None:
                loop = fut._loop
            if fut is not arg:
                fut._log_destroy_pending = False
            state["nfuts"] += 1
            seen.append((arg, fut))
            fut.add_done_callback(_done_callback)
        children.append(fut)
    outer = _GatheringFuture(children, loop=loop)
    state["outer"] = outer
    return outer


async def wait_for(fut, timeout):
    if timeout is None:
        return await fut
    _pyref_unsupported("asyncio.wait_for with a timeout")


def _cancel_all_tasks(loop):
    to_cancel = [t for t in loop._pending_tasks if not t.done()]
    if not to_cancel:
        return
    for task in to_cancel:
        task.cancel()
    loop.run_until_complete(gather(*to_cancel, return_exceptions=True))
    for task in to_cancel:
        if task.cancelled():
            continue
        if task.exception() is not None:
            loop.call_exception_handler({
                "message": "unhandled exception during asyncio.run() shutdown",
                "exception": task.exception(),
                "task": task,
            })


class Runner:
    def __init__(self, *, debug=None, loop_factory=None):
        self._loop = None
        self._closed = False

    def __enter__(self):
        self._lazy_init()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.close()

    def close(self):
        if self._loop is None or self._closed:
            return
        try:
            loop = self._loop
            _cancel_all_tasks(loop)
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            loop.close()
            self._loop = None
            self._closed = True

    def get_loop(self):
        self._lazy_init()
        return self._loop

    def run(self, coro, *, context=None):
        if not iscoroutine(coro):
            raise ValueError("a coroutine was expected, got {!r}".format(coro))
        if _running_loop is not None:
            raise RuntimeError("Runner.run() cannot be called from a running event loop")
        self._lazy_init()
        task = self._loop.create_task(coro)
        return self._loop.run_until_complete(task)

    def _lazy_init(self):
        if self._closed:
            raise RuntimeError("Runner is closed")
        if self._loop is None:
            self._loop = _Loop()


def run(main, *, debug=None):
    if _running_loop is not None:
        raise RuntimeError("asyncio.run() cannot be called from a running event loop")
    with Runner(debug=debug) as runner:
        return runner.run(main)
