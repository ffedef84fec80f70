/**
 * PostgreSQL's built-in functions people call most, most common first: with only a letter or
 * two typed, `count` should come before `corr` and `sum` before `sha256`. Only pg_catalog
 * functions get this rank; the user's own functions come right after these.
 */
// one line per family reads better than one name per line
// prettier-ignore
const common = [
  'count', 'sum', 'max', 'min', 'avg', 'coalesce', 'now', 'date_trunc', 'lower', 'upper', 'length', 'round',
  'string_agg', 'array_agg', 'row_number', 'rank', 'dense_rank', 'lag', 'lead', 'first_value', 'last_value',
  'generate_series', 'to_char', 'date_part', 'concat', 'substr', 'replace', 'abs', 'age', 'to_timestamp',
  'to_date', 'split_part', 'regexp_replace', 'format', 'random', 'md5', 'gen_random_uuid', 'unnest',
  'jsonb_build_object', 'json_build_object', 'jsonb_agg', 'json_agg', 'to_jsonb', 'row_to_json',
  'jsonb_array_elements', 'jsonb_each', 'array_length', 'cardinality', 'bool_and', 'bool_or', 'ntile',
  'percent_rank', 'cume_dist', 'ceil', 'floor', 'trunc', 'mod', 'sqrt', 'power', 'left', 'right',
  'initcap', 'btrim', 'ltrim', 'rtrim', 'lpad', 'rpad', 'strpos', 'char_length', 'nextval', 'currval',
  'setval', 'current_setting', 'set_config', 'pg_size_pretty', 'pg_total_relation_size', 'pg_relation_size',
  'clock_timestamp', 'make_date', 'make_interval', 'percentile_cont', 'mode', 'stddev', 'variance',
];

const rankOf = new Map(common.map((name, i) => [name, i]));

/** Rank of a pg_catalog function among the common ones; the count of them when it is not one. */
export function commonFunctionRank(name: string): number {
  return rankOf.get(name) ?? common.length;
}

export const commonFunctionCount = common.length;
