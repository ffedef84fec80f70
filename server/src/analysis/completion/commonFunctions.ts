/**
 * PostgreSQL's built-in functions people call most, most common first: with only a letter or
 * two typed, `count` should come before `corr` and `sum` before `sha256`.
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

/** The first few (count … date_trunc) outrank the user's own functions; the rest come after them. */
const topCommon = 8;

/**
 * Where a function ranks among those matching equally well: the most common built-ins, then
 * the user's own functions, then the other common built-ins, then every other built-in.
 */
export function functionRank(schema: string, name: string): number {
  if (schema !== 'pg_catalog') {
    return topCommon;
  }
  const rank = rankOf.get(name);
  return rank === undefined ? common.length + 1 : rank < topCommon ? rank : rank + 1;
}
