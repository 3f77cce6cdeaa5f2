"""All-or-nothing import of tabular data (Excel .xlsx or CSV), independent of what is imported.

- :mod:`.readers`: uploaded bytes -> plain tables (xlsx, CSV in UTF-8 or CP932);
- :mod:`.cells`: cell parsers that read hand-typed Japanese spreadsheets;
- :mod:`.core`: sheet specs, problems with row and column, the transaction (:func:`run_import`);
- :mod:`.workbook`: templates (.xlsx with notes and a 記入例 sheet, CSV) and exports.

The registry (firms, sites, …) and supply (items, BOMs, sourcing, …) imports each bring their own
sheets and a handler.
"""
