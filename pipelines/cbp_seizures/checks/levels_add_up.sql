-- No double counting: within each release, the areas of a region add up to the region, and the regions to the nation.
WITH sums AS (
  SELECT o.load_id, o.period_start, o.drug, o.measure,
    sum(o.value) FILTER (WHERE o.geo_level = 'port') AS ports,
    sum(o.value) FILTER (WHERE o.geo_level = 'region') AS regions,
    sum(o.value) FILTER (WHERE o.geo_level = 'nation') AS nation,
    count(*) FILTER (WHERE o.geo_level = 'nation') AS nation_rows
  FROM staging.cbp_seizures AS o
  GROUP BY ALL
)
SELECT * FROM sums
WHERE nation_rows <> 1
   OR abs(ports - nation) > 1e-6 * greatest(1, abs(nation)) + 1e-5
   OR abs(regions - nation) > 1e-6 * greatest(1, abs(nation)) + 1e-5;
