"""The progress bar and skip lines the import commands print on stderr."""

import os
from contextlib import contextmanager

from tqdm import tqdm


class _BarOutput:
    """A command's stderr as tqdm needs it: no added newline, no error colour."""

    def __init__(self, wrapper):
        self._wrapper = wrapper
        # tqdm draws its bar in Unicode only when the stream says it can.
        self.encoding = getattr(wrapper, "encoding", None)

    def write(self, text):
        self._wrapper.write(text, style_func=lambda plain: plain, ending="")

    def flush(self):
        self._wrapper.flush()


@contextmanager
def file_progress(command, stream, *, description: str, passes: int, quiet: bool):
    """
    A bytes-read bar over `passes` reads of `stream`, and a function printing a
    line above it (for skips): yields (on_read, say).
    """
    size = os.fstat(stream.fileno()).st_size * passes
    with tqdm(
        total=size,
        unit="B",
        unit_scale=True,
        desc=description,
        file=_BarOutput(command.stderr),
        disable=quiet or not command.stderr.isatty(),
        leave=False,
    ) as bar:

        def say(message: str) -> None:
            bar.clear()
            command.stderr.write(message)
            bar.refresh()

        yield bar.update, say
