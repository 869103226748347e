"""A sanity check of an OLE2 (compound file) container before calamine opens it.

calamine trusts the sizes and sector chains an OLE2 file declares: a 32 KB .xls whose
directory claims a 2 GB stream makes it allocate 2 GB (the process is then killed),
and a chain that loops grows without end. This walks the same structures, bounded by
the file's length, and says what is damaged, so such a file becomes a problem.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

_SPECIAL = 0xFFFFFFFA  # ids from here up mark chain ends and free or FAT sectors
_HEADER_FAT_IDS = 109
_MINI_SECTOR = 64
_STORAGE, _STREAM, _ROOT = 1, 2, 5


class _Damage(Exception):
    pass


def ole2_damage(data: bytes) -> str | None:
    """Given OLE2 bytes, return what is damaged (in Chinese), or None when the structure holds."""
    try:
        _check(data)
    except _Damage as why:
        return str(why)
    except (struct.error, IndexError, ValueError):
        return "文件结构损坏"
    return None


def _check(data: bytes) -> None:
    shift, mini_shift = struct.unpack_from("<HH", data, 30)
    if shift not in (9, 12) or mini_shift != 6:
        raise _Damage("扇区大小异常")
    size = 1 << shift
    count = max(0, len(data) - size) // size
    n_fat, dir_start = struct.unpack_from("<II", data, 44)
    cutoff, minifat_start, n_minifat, difat_start, n_difat = struct.unpack_from("<5I", data, 56)
    if (n_fat + n_minifat + n_difat) * size > len(data):
        raise _Damage("分配表的大小超出了文件长度")

    def sector(i: int) -> bytes:
        if i >= count:
            raise _Damage("扇区编号超出文件范围")
        return data[(i + 1) * size : (i + 2) * size]

    fat_ids = list(struct.unpack_from(f"<{_HEADER_FAT_IDS}I", data, 76))
    for i in _walk(
        difat_start, n_difat, lambda i: struct.unpack_from("<I", sector(i), size - 4)[0]
    ):
        fat_ids += struct.unpack_from(f"<{size // 4 - 1}I", sector(i))
    fat_ids = [i for i in fat_ids if i < _SPECIAL][:n_fat]
    fat = struct.unpack(f"<{len(fat_ids) * size // 4}I", b"".join(sector(i) for i in fat_ids))

    def chain(start: int) -> list[int]:
        return list(_walk(start, len(fat) + 1, lambda i: fat[i] if i < len(fat) else _bad(i)))

    minifat_bytes = b"".join(sector(i) for i in chain(minifat_start))
    minifat = struct.unpack(f"<{len(minifat_bytes) // 4}I", minifat_bytes)
    directory = b"".join(sector(i) for i in chain(dir_start))
    for at in range(0, len(directory) - 127, 128):
        kind = directory[at + 66]
        if kind not in (_STORAGE, _STREAM, _ROOT):
            continue
        start, length = struct.unpack_from("<IQ", directory, at + 116)
        if shift == 9:
            length &= 0xFFFFFFFF  # version 3 files leave the high half undefined
        if length > len(data):
            raise _Damage("目录声明的数据长度超出了文件长度")
        if kind == _ROOT or (kind == _STREAM and length >= cutoff):
            chain(start)
        elif kind == _STREAM and length:
            list(
                _walk(
                    start, len(minifat) + 1, lambda i: minifat[i] if i < len(minifat) else _bad(i)
                )
            )


def _bad(i: int) -> int:
    raise _Damage("扇区链指向不存在的扇区")


def _walk(start: int, limit: int, step: Callable[[int], int]) -> list[int]:
    # Follow a chain to its end (any special id: writers differ); a chain longer
    # than there are entries loops.
    out: list[int] = []
    i = start
    while i < _SPECIAL:
        if len(out) >= limit:
            raise _Damage("扇区链循环或过长")
        out.append(i)
        i = step(i)
    return out
