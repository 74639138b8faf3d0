"""Scale and reliability: worker processes, durable ingest jobs, Dask.

- :mod:`eventatlas.scale.perdoc`: the per-document function every engine runs, time limits.
- :mod:`eventatlas.scale.workers`: one process per core, bounded memory, results in input order.
- :mod:`eventatlas.scale.jobs`: per-document state in the store, so a killed batch resumes.
- :mod:`eventatlas.scale.dask`: the same function over WARC/JSONL shards on a Dask cluster.
"""

from eventatlas.scale.jobs import Job, JobKey, JobLedger, config_hash, job_key
from eventatlas.scale.perdoc import Outcome, ScaleOptions, Task

__all__ = ["Job", "JobKey", "JobLedger", "Outcome", "ScaleOptions", "Task", "config_hash",
           "job_key"]
