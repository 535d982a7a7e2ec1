-- Settings and helpers every metric view uses. Recreated by each load, so editing this file
-- (and loading) is how a threshold changes; analysts read the values with
-- `SELECT * FROM metric_setting`. Documented in schemas/views.yaml.

-- Thresholds of the peer comparison (v_peer_rank.is_outlier).
CREATE OR REPLACE TABLE metric_setting (
    name  VARCHAR PRIMARY KEY,
    value DECIMAL(18,6) NOT NULL,
    note  VARCHAR NOT NULL
);
INSERT INTO metric_setting VALUES
    ('outlier_mad_multiple', 3, '离群：与同级中位数的距离超过几倍中位数绝对偏差（MAD）'),
    ('yoy_change_threshold', 0.5, '离群：同比变动率的绝对值超过此值（0.5 = 50%）');

-- 财政部预算司 grade bands: the lowest total score of each band.
CREATE OR REPLACE TABLE metric_grade_band (
    band      VARCHAR PRIMARY KEY,
    min_score DECIMAL(9,2) NOT NULL
);
INSERT INTO metric_grade_band VALUES ('优', 90), ('良', 80), ('中', 60), ('差', 0);

-- Indicator units that count things (an approved item, a trained person): spending per unit
-- of such an outcome is meaningful; per percent or per day it is not.
CREATE OR REPLACE TABLE metric_count_unit (unit VARCHAR PRIMARY KEY);
INSERT INTO metric_count_unit VALUES
    ('项'), ('个'), ('条'), ('人'), ('人次'), ('件'), ('户'), ('次'), ('家'), ('所'), ('座'), ('台'),
    ('套'), ('场'), ('期'), ('篇'), ('份'), ('名'), ('批');

-- Exact division. DuckDB divides DECIMALs as DOUBLE, so a quotient is computed on integers:
-- both sides as whole millionths (every amount, rate and score here has at most 6 decimals),
-- then rounded half to even from the remainder. A zero or NULL divisor gives NULL.
CREATE OR REPLACE MACRO micros(x) AS CAST(CAST(x AS DECIMAL(38,6)) * 1000000 AS HUGEINT);

-- n / d for n, d ≥ 0 (HUGEINT), rounded half to even.
CREATE OR REPLACE MACRO div_half_even(n, d) AS
    n // d + CASE WHEN 2 * (n % d) > d OR (2 * (n % d) = d AND (n // d) % 2 = 1) THEN 1 ELSE 0 END;

-- a / b as DECIMAL(18,6): ratios, rates, shares, per-staff figures.
CREATE OR REPLACE MACRO ratio(a, b) AS
    CAST(CAST(sign(a) * sign(b) * div_half_even(abs(micros(a)) * 1000000, abs(micros(nullif(b, 0)))) AS DECIMAL(38,0))
         * CAST(0.000001 AS DECIMAL(7,6)) AS DECIMAL(18,6));

-- a / b as DECIMAL(18,2) yuan: money per unit of something.
CREATE OR REPLACE MACRO money_ratio(a, b) AS
    CAST(CAST(sign(a) * sign(b) * div_half_even(abs(micros(a)) * 100, abs(micros(nullif(b, 0)))) AS DECIMAL(38,0))
         * CAST(0.01 AS DECIMAL(3,2)) AS DECIMAL(18,2));
