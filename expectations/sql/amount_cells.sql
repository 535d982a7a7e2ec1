-- C-004: every amount cell of the batch, with the amount as text where the template forbids a
-- negative one (NULL where it admits it: $negative_allowed names those lines and measures).
SELECT sha256, sheet, cell,
       CASE WHEN list_contains($negative_allowed, part) OR list_contains($negative_allowed, key) THEN NULL
            ELSE CAST(amount AS VARCHAR) END AS nonneg_amount,
       amount, unit, decimals,
       concat_ws(' ', code, name) AS detail
FROM money
