-- v_peer_rank: each metric of a department-year placed among its peers: the rows of the same
-- region, year and unit_kind (部门 with 部门, 单位 with 单位). Grain: department × year × metric;
-- a department without a value for a metric (or without a region) is not ranked on it.
-- Metrics: the ratios of v_dept_ratios and the *_change_pct of v_dept_yoy.
-- rank: 1 = highest, ties share a rank; percentile = (peers − rank) / (peers − 1), NULL alone.
-- peer_median: the middle value (the mean of the two middle ones), half-even to 6 decimals.
-- mad_distance = |value − peer_median| / MAD (the peers' median absolute deviation); NULL when
--   MAD is 0. is_outlier: mad_distance beyond metric_setting.outlier_mad_multiple, or a
--   *_change_pct whose absolute value exceeds metric_setting.yoy_change_threshold.
-- mat_peer_rank holds the ranks, medians and distances (materialised at each load for speed);
-- v_peer_rank adds is_outlier from metric_setting when queried, so a threshold is plain data.
CREATE OR REPLACE TABLE mat_peer_rank AS
WITH dept_year AS (
    SELECT dept_code, fiscal_year, region_code, unit_kind
    FROM int_dept_year
    WHERE region_code IS NOT NULL
),
ratios AS (
    SELECT dept_code, fiscal_year, personnel_share_of_basic, project_share, expenditure_per_staff,
           running_per_staff, three_public_per_staff, three_public_execution, budget_execution_rate,
           indicator_completion_rate
    FROM v_dept_ratios
),
yoy AS (
    SELECT dept_code, fiscal_year, total_expenditure_change_pct, basic_expenditure_change_pct,
           project_expenditure_change_pct, personnel_expenditure_change_pct,
           running_expenditure_change_pct, three_public_actual_change_pct
    FROM v_dept_yoy
),
wide AS (
    SELECT d.*, r.* EXCLUDE (dept_code, fiscal_year), y.* EXCLUDE (dept_code, fiscal_year)
    FROM dept_year d
    JOIN ratios r USING (dept_code, fiscal_year)
    JOIN yoy y USING (dept_code, fiscal_year)
),
long AS (
    UNPIVOT wide
    ON COLUMNS(* EXCLUDE (dept_code, fiscal_year, region_code, unit_kind))
    INTO NAME metric VALUE value
),
ordered AS (
    SELECT *,
           count(*) OVER peers AS peers,
           rank() OVER (peers ORDER BY value DESC) AS rank,
           row_number() OVER (peers ORDER BY value) AS position
    FROM long
    WINDOW peers AS (PARTITION BY region_code, fiscal_year, unit_kind, metric)
),
median AS (
    SELECT region_code, fiscal_year, unit_kind, metric, ratio(sum(value), count(*)) AS peer_median
    FROM ordered
    WHERE position IN ((peers + 1) // 2, peers // 2 + 1)
    GROUP BY region_code, fiscal_year, unit_kind, metric
),
deviation AS (
    SELECT o.*, m.peer_median, abs(o.value - m.peer_median) AS deviation,
           row_number() OVER (PARTITION BY region_code, fiscal_year, unit_kind, metric
                              ORDER BY abs(o.value - m.peer_median)) AS deviation_position
    FROM ordered o
    JOIN median m USING (region_code, fiscal_year, unit_kind, metric)
),
mad AS (
    SELECT region_code, fiscal_year, unit_kind, metric, ratio(sum(deviation), count(*)) AS mad
    FROM deviation
    WHERE deviation_position IN ((peers + 1) // 2, peers // 2 + 1)
    GROUP BY region_code, fiscal_year, unit_kind, metric
),
final AS (
    SELECT d.dept_code, d.fiscal_year, d.region_code, d.metric, d.value, d.rank,
           ratio(d.peers - d.rank, d.peers - 1) AS percentile,
           d.peer_median,
           ratio(d.deviation, m.mad) AS mad_distance
    FROM deviation d
    JOIN mad m USING (region_code, fiscal_year, unit_kind, metric)
)
SELECT * FROM final
ORDER BY fiscal_year, region_code, metric, rank;

CREATE OR REPLACE VIEW v_peer_rank AS
WITH ranked AS (
    SELECT *
    FROM mat_peer_rank
),
setting AS (
    SELECT max(value) FILTER (WHERE name = 'outlier_mad_multiple') AS mad_multiple,
           max(value) FILTER (WHERE name = 'yoy_change_threshold') AS yoy_threshold
    FROM metric_setting
),
final AS (
    SELECT r.*,
           coalesce(r.mad_distance > s.mad_multiple, false)
               OR (suffix(r.metric, '_change_pct') AND abs(r.value) > s.yoy_threshold) AS is_outlier
    FROM ranked r
    CROSS JOIN setting s
)
SELECT * FROM final;
