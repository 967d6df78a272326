"""
Big blocks of memory go back to the system when they are freed.

glibc's malloc serves a block above its threshold (128 KB to start with) with
a mapping of its own and unmaps it on free, but every such free raises the
threshold to the block's size, up to 32 MB. After a worker has decoded one
picture (a rendition made on demand while the task worker catches up), the
next pictures' buffers come from the heap instead, and a heap only shrinks from
its top: bench/load.py saw a web worker keep 50–60 MB more for the rest of its
life (Pss 113 MB against the issue's 80). Fixing the threshold stops the rise.

4 MB is above any page or kept piece we build (a 500-comment page is kept as
about 1.2 MB), so those stay on the heap, which measured cheaper for them, and
below a decoded photo (a 1200 × 800 RGB picture is 2.9 MB; what Pillow decodes
from an upload is larger).
"""

import ctypes

M_MMAP_THRESHOLD = -3  # glibc's malloc.h
LARGE_BLOCK_BYTES = 4 * 1024 * 1024


def large_blocks_returned() -> bool:
    """Fix malloc's mapping threshold for this process (and the ones it forks).

    False where the C library has no mallopt (macOS) or ignores it (musl).
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK_BYTES))
