"""Running the report notebook: papermill executes it in a fresh kernel, nbconvert turns the
result into HTML without code."""

from __future__ import annotations

import logging
import os
import tempfile
from importlib import resources
from pathlib import Path
from typing import IO, Any

from .._frames import write_text_atomically
from ..errors import ReportError

__all__ = ["CELL_TIMEOUT", "default_notebook", "execute_notebook", "notebook_to_html"]

# seconds a report notebook cell may run before the report fails (a stalled kernel must not
# hold a scheduled run for ever); `stance report --cell-timeout` changes it
CELL_TIMEOUT = 3600.0

log = logging.getLogger(__name__)


def default_notebook() -> Path:
    """The report notebook shipped with the package (``notebooks/report.ipynb`` in the repo)."""
    return Path(str(resources.files("stance.notebooks") / "report.ipynb"))


def execute_notebook(
    notebook: str | os.PathLike[str],
    output: str | os.PathLike[str],
    parameters: dict[str, Any],
    *,
    kernel_name: str | None = None,
    cwd: str | os.PathLike[str] | None = None,
    cell_timeout: float | None = CELL_TIMEOUT,
) -> Path:
    """Execute `notebook` with papermill into `output`; raise `ReportError` naming a failed cell,
    or a cell that ran longer than `cell_timeout` seconds (None: no limit)."""
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    source = Path(notebook)
    if not source.is_file():
        raise ReportError(f"{source}: report notebook not found")
    # What the kernel process itself prints (its start-up warnings, and libzmq's assertion
    # messages when its sockets close at exit) goes to a file and then to the run log, never to
    # the terminal of a scheduled run; errors in cells still fail the report.
    with tempfile.TemporaryFile() as kernel_stderr:
        try:
            pm.execute_notebook(
                str(source),
                str(output),
                parameters=parameters,
                kernel_name=kernel_name,
                progress_bar=False,
                cwd=str(cwd) if cwd else None,
                execution_timeout=cell_timeout,
                extra_arguments=["--IPKernelApp.log_level=ERROR"],
                kernel_manager_class=_kernel_manager_writing_to(kernel_stderr),
            )
        except CellTimeoutError as exc:
            raise ReportError(
                f"{source}: a cell ran longer than {cell_timeout:g} s and was stopped; the "
                f"notebook as far as it ran is kept at {output}",
                notebook=str(output),
                error="CellTimeoutError",
            ) from exc
        except PapermillExecutionError as exc:
            raise ReportError(
                f"{source}: cell {exc.exec_count} failed with {exc.ename}: {exc.evalue}; "
                f"the executed notebook is kept at {output}",
                notebook=str(output),
                cell=exc.exec_count,
                error=exc.ename,
            ) from exc
        finally:
            kernel_stderr.seek(0)
            for line in kernel_stderr.read().decode("utf-8", "replace").splitlines():
                if line.strip():
                    log.info("kernel: %s", line)
    return Path(output)


def _kernel_manager_writing_to(stderr: IO[bytes]) -> type:
    """A jupyter_client kernel manager whose kernel process writes its stderr to `stderr`."""
    from jupyter_client.manager import AsyncKernelManager

    class KernelManagerWithStderrFile(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            kw["stderr"] = stderr
            await super()._async_launch_kernel(kernel_cmd, **kw)

    return KernelManagerWithStderrFile


def notebook_to_html(
    notebook: str | os.PathLike[str], output: str | os.PathLike[str], *, title: str
) -> Path:
    """Convert an executed notebook to HTML without code cells or prompts."""
    import nbformat
    from nbconvert import HTMLExporter

    node = nbformat.read(str(notebook), as_version=4)
    exporter = HTMLExporter(
        extra_template_basedirs=[str(resources.files("stance") / "templates")],
        template_name="stance_report",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(node, resources={"metadata": {"name": title}})
    write_text_atomically(output, body)
    return Path(output)
