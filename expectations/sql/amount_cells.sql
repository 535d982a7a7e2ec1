-- C-004: every amount cell of the batch where the template forbids a negative amount, with the
-- amount as exact text ($negative_allowed names the lines and measures that may be negative:
-- the carry-over balances).
SELECT cell_id AS row_id, sha256, sheet, cell,
       CAST(amount AS VARCHAR) AS nonneg_amount,
       amount, unit, decimals, code, name
FROM money
WHERE NOT list_contains($negative_allowed, part) AND NOT list_contains($negative_allowed, key)
