"""The supply import as a background job (a big upload; see renkei.common.importing.jobs)."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from renkei.common.importing.jobs import result_json, upload_from_params
from renkei.jobs.registry import Progress, job_handler

KIND = "supply.import"


@job_handler(KIND, result_url="supply:import_result")
def supply_import_job(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    from renkei.supply.importing import import_supply

    upload = upload_from_params(params)
    with translation.override(upload.language):
        result = import_supply(
            data=upload.data,
            filename=upload.filename,
            actor=upload.actor,
            owner=params.get("owner") or None,
            kind=params.get("kind") or None,
            dry_run=bool(params.get("dry_run")),
            progress=progress,
        )
        return result_json(result)
