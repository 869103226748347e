"""The indicator library (指标库): what past projects promised, as reusable entries.

Pure logic only (no database): normalising indicator names (:mod:`.names`), cutting
names and goals into words (:mod:`.tokens`), value statistics per unit
(:mod:`.stats`), building entries from tables (:mod:`.build`), the 财预〔2021〕101号
starter set (:mod:`.starter`), ranking suggestions (:mod:`.rank`) and the peer table
the benchmark rules read (:mod:`.benchmarks`). Storage is :mod:`jixiao.store.library`;
the use cases are :mod:`jixiao.app.library`.
"""
