-- Writes the 2025-02 Parquet snapshot of xkb8-kh2a back out in CDC's 12-column CSV layout (column names and order of
-- the download). The Parquet copy typed Year, Data Value, Percent Complete, Percent Pending Investigation and Predicted
-- Value as DOUBLE; whole numbers are written as integers (as in CDC's CSV), the rest in DuckDB's shortest exact form,
-- so every value reads back equal. Run with $1 = the Parquet file and $2 = the CSV to write; then gzip -9n.
CREATE OR REPLACE MACRO vsrr_number(v) AS
  CASE WHEN v = round(v) THEN CAST(CAST(v AS BIGINT) AS VARCHAR) ELSE CAST(v AS VARCHAR) END;
COPY (
  SELECT "State", vsrr_number("Year") AS "Year", "Month", "Period", "Indicator",
         vsrr_number("Data Value") AS "Data Value", vsrr_number("Percent Complete") AS "Percent Complete",
         vsrr_number("Percent Pending Investigation") AS "Percent Pending Investigation", "State Name", "Footnote",
         "Footnote Symbol", vsrr_number("Predicted Value") AS "Predicted Value"
  FROM read_parquet(getvariable('parquet'))
) TO '__CSV__' (HEADER, DELIMITER ',');
