"""Fault injection: make the next N calls of a method slow, fail, or lose their response."""

from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass

ANY_METHOD = "*"


class FaultKind(enum.Enum):
    """What happens to a call hit by a fault."""

    LATENCY = "latency"  # wait ``delay`` seconds, then answer normally
    TOO_MANY_REQUESTS = "429"  # 429 with parameters.retry_after
    SERVER_ERROR = "500"  # 500 Internal Server Error (or ``status``)
    BAD_GATEWAY = "502"  # 502 Bad Gateway
    ERROR = "error"  # any ``status``/``description`` error, e.g. 403 or 400
    DROP_CONNECTION = "drop"  # close the connection without a response
    TIMEOUT = "timeout"  # hang ``delay`` seconds (beyond the client timeout), then drop


@dataclass(slots=True)
class Fault:
    """One scheduled fault; ``remaining`` counts the calls it still applies to.

    With ``process=True`` the call is executed before the response is dropped/timed out,
    which simulates "Telegram did it but the client never heard back".
    """

    kind: FaultKind
    remaining: int = 1
    delay: float = 0.0
    retry_after: int = 1
    status: int | None = None
    description: str | None = None
    process: bool = False


class FaultPlan:
    """Per-method queues of scheduled faults plus a global latency."""

    def __init__(self) -> None:
        self._queues: dict[str, deque[Fault]] = {}
        self.latency = 0.0
        self.injected = 0
        self.log: list[tuple[str, FaultKind]] = []

    def inject(
        self,
        method: str | None,
        kind: FaultKind,
        count: int = 1,
        *,
        delay: float | None = None,
        retry_after: int = 1,
        status: int | None = None,
        description: str | None = None,
        process: bool = False,
    ) -> Fault:
        """Schedule ``kind`` for the next ``count`` calls of ``method`` (None or "*": any)."""
        if count < 1:
            raise ValueError("count must be >= 1")
        if delay is None:
            delay = 60.0 if kind is FaultKind.TIMEOUT else 0.0
        fault = Fault(kind, count, delay, retry_after, status, description, process)
        key = (method or ANY_METHOD).lower()
        self._queues.setdefault(key, deque()).append(fault)
        return fault

    def take(self, method: str) -> Fault | None:
        """Consume one application of the next fault for ``method`` (specific before any)."""
        for key in (method.lower(), ANY_METHOD):
            queue = self._queues.get(key)
            if queue:
                fault = queue[0]
                fault.remaining -= 1
                if fault.remaining <= 0:
                    queue.popleft()
                self.injected += 1
                self.log.append((method, fault.kind))
                return fault
        return None

    def pending(self) -> int:
        """How many fault applications are still scheduled."""
        return sum(f.remaining for queue in self._queues.values() for f in queue)

    def clear(self) -> None:
        """Cancel all scheduled faults and the global latency."""
        self._queues.clear()
        self.latency = 0.0
