"""Big imports run as background jobs: the upload travels in the job's parameters, the result
comes back as JSON for the import page to show.

An upload larger than :func:`inline_max_bytes` is not imported while the browser waits (minutes
for 20,000 rows, long past any proxy's patience): the page queues a job and shows its progress,
then the same result table. The file's bytes are a transient parameter (``_upload``): the job
runner drops it from the job's row when the job ends.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model

from renkei.common.importing.core import ImportProblem, ImportResult

UPLOAD_KEY = "_upload"  # keys starting with "_" are dropped from a job's row when it ends
MAX_PROBLEMS_KEPT = 1000
DEFAULT_INLINE_MAX_BYTES = 128 * 1024  # about 3,000 rows of CSV, 6,000 of .xlsx


def inline_max_bytes() -> int:
    """Uploads up to this size are imported at once; larger ones as a job."""
    return int(getattr(settings, "RENKEI_IMPORT_INLINE_MAX_BYTES", DEFAULT_INLINE_MAX_BYTES))


def job_params(*, data: bytes, filename: str, actor: Any, language: str, **options: Any) -> dict:
    return {
        UPLOAD_KEY: base64.b64encode(data).decode("ascii"),
        "filename": filename,
        "actor_id": getattr(actor, "pk", None),
        "language": language,
        **options,
    }


@dataclass(frozen=True)
class Upload:
    data: bytes
    filename: str
    actor: Any
    language: str


def upload_from_params(params: dict[str, Any]) -> Upload:
    actor = None
    if params.get("actor_id") is not None:
        actor = get_user_model().objects.get(pk=params["actor_id"])
    return Upload(
        data=base64.b64decode(params[UPLOAD_KEY]),
        filename=str(params.get("filename", "")),
        actor=actor,
        language=str(params.get("language") or settings.LANGUAGE_CODE),
    )


def result_json(result: ImportResult) -> dict[str, Any]:
    return {
        "ok": result.ok,
        "dry_run": result.dry_run,
        "applied": result.applied,
        "summary": result.summary(),
        "problem_count": len(result.problems),
        "problems": [
            {
                "sheet": p.sheet,
                "row": p.row,
                "column": p.column,
                "message": p.message,
                "code": p.code,
            }
            for p in result.problems[:MAX_PROBLEMS_KEPT]
        ],
        "seconds": {phase: round(spent, 3) for phase, spent in result.seconds.items()},
    }


@dataclass(frozen=True)
class StoredResult:
    """An import's result as a job kept it: what the result table of the import page shows."""

    ok: bool
    dry_run: bool
    applied: bool
    summary: list[dict[str, Any]]
    problems: list[ImportProblem]
    problem_count: int

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StoredResult:
        return cls(
            ok=bool(data.get("ok")),
            dry_run=bool(data.get("dry_run")),
            applied=bool(data.get("applied")),
            summary=list(data.get("summary") or []),
            problems=[ImportProblem(**p) for p in data.get("problems") or []],
            problem_count=int(data.get("problem_count") or 0),
        )
