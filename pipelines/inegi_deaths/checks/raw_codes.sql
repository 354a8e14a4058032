-- INEGI microdata rows whose codes are outside the dictionary's ranges: state of occurrence (01–35, 88, 99),
-- intent (presunto/tipo_defun 1–5, 8, 9), month (1–12, 99), a year of occurrence after the registration year
-- (a release holds deaths registered in its year, late registrations of EARLIER years included), or a cause that is
-- not a 4-character ICD-10 code without a dot.
SELECT load_id, vintage, ent_ocurr, presunto, mes_ocurr, anio_ocur, anio_regis, causa_def, count(*) AS n
FROM raw.inegi_deaths
WHERE NOT (lpad(trim(ent_ocurr), 2, '0') BETWEEN '01' AND '35' OR lpad(trim(ent_ocurr), 2, '0') IN ('88', '99'))
   OR ent_ocurr IS NULL
   OR presunto IS NULL OR presunto NOT IN (1, 2, 3, 4, 5, 8, 9)
   OR mes_ocurr IS NULL OR NOT (mes_ocurr BETWEEN 1 AND 12 OR mes_ocurr = 99)
   OR anio_ocur IS NULL OR anio_regis IS NULL
   OR (anio_ocur <> 9999 AND (anio_ocur > anio_regis OR anio_ocur < 1900))
   OR causa_def IS NULL OR NOT regexp_full_match(upper(trim(causa_def)), '[A-Z][0-9]{2}[0-9X]')
GROUP BY ALL;
