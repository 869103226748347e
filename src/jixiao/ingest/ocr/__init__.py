"""Scanned tables (image-only PDFs, PNG, JPEG, TIFF) → the same grid as every other format.

:mod:`.lines` finds the ruling lines and cells of a page image with OpenCV,
:mod:`.engine` reads text lines with RapidOCR (PP-OCR models shipped in the wheel),
:mod:`.reader` joins both into :class:`~jixiao.ingest.grid.Grid` rows.
"""
