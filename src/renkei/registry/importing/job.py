"""The registry import as a background job (a big upload; see renkei.common.importing.jobs)."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from renkei.common.importing.jobs import result_json, upload_from_params
from renkei.jobs.registry import Progress, job_handler

KIND = "registry.import"


@job_handler(KIND, result_url="registry:import_result")
def registry_import_job(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    from renkei.registry.importing import import_registry

    upload = upload_from_params(params)
    with translation.override(upload.language):
        result = import_registry(
            data=upload.data,
            filename=upload.filename,
            actor=upload.actor,
            kind=params.get("kind") or None,
            dry_run=bool(params.get("dry_run")),
            progress=progress,
        )
        return result_json(result)
