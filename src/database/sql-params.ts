/**
 * Numbered parameters for a query built piece by piece: `param(v)` appends `v` to `params` and
 * answers its placeholder (`$3`). Values already bound to `$1`, `$2`... come first in `initial`.
 *
 *   const { params, param } = sqlParams([callId]);
 *   where.push(`p.state = ANY(${param(states)})`); // $2
 *   await q.query(`... WHERE p.call_id = $1 AND ${where.join(' AND ')}`, params);
 */
export function sqlParams(initial: unknown[] = []): { params: unknown[]; param: (value: unknown) => string } {
  const params = initial;
  return { params, param: (value: unknown) => `$${params.push(value)}` };
}
