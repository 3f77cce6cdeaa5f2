"""Pure computation for renkei.

Every engine is importable without Django and exposes one entry point,
``solve(data, *, params=Params(), seed=0) -> Result``.
"""
