"""The static files' storage without DEBUG: whitenoise's hashed names and gzip copies."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Compresses only what changed since the last ``collectstatic``.

    ``renkei serve`` collects the static files each time it starts; whitenoise would gzip all
    of them again (plotly.js alone is 4.7 MB), seconds of a start for nothing. A gzip copy is
    still right when its file has a hashed name (the name changes with the content), or when
    it carries its file's time (whitenoise gives it that time; collectstatic copies a changed
    file anew, with a new time).
    """

    def compress_files(self, paths: Iterable[str]) -> Iterator[tuple[str, str]]:
        # Filled by the hashing pass, which whitenoise runs to its end before compressing.
        hashed = set(self.hashed_files.values())
        stale = [p for p in paths if not self._compressed_copy_fresh(p, p in hashed)]
        yield from super().compress_files(stale)

    def _compressed_copy_fresh(self, name: str, hashed: bool) -> bool:
        source = Path(self.path(name))
        try:
            copy_time = source.with_name(source.name + ".gz").stat().st_mtime
        except FileNotFoundError:
            return False
        # utime() goes through a float: the times agree to a microsecond, not to the nanosecond.
        return hashed or abs(copy_time - source.stat().st_mtime) < 1e-3
