// @ts-check
// Fetches a province's scorecard from IndexHub and turns it into table rows.
// Types come from indexhub-api.d.ts, generated from openapi.yaml (tools/contract: npm run types),
// so `npm run check-example` fails when the contract changes under this code.

/** @typedef {import('./indexhub-api').components['schemas']['ScorecardDto']} Scorecard */
/** @typedef {import('./indexhub-api').components['schemas']['ProblemDetails']} Problem */

/**
 * One scorecard row as a dashboard shows it.
 * @typedef {{ index: string, name: string, score: string, rank: string, change: string, source: string }} ScorecardRow
 */

/**
 * GET /api/v1/provinces/{code}/scorecard. Throws an Error carrying the problem details' title and detail.
 * @param {string} baseUrl e.g. http://localhost:5080
 * @param {string} code the province's 2-digit code, e.g. 92 (Cần Thơ)
 * @param {number | undefined} year default: the latest year held for the province
 * @returns {Promise<Scorecard>}
 */
export async function fetchScorecard(baseUrl, code, year) {
  const url = new URL(`/api/v1/provinces/${encodeURIComponent(code)}/scorecard`, baseUrl);
  // The rows cite a source: ask for each result's sources (rows carry figures only unless asked).
  url.searchParams.set('include', 'sources');
  if (year !== undefined) {
    url.searchParams.set('year', String(year));
  }
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    /** @type {Problem} */
    const problem = await response.json();
    throw new Error(`${response.status} ${problem.title ?? ''} ${problem.detail ?? ''}`.trim());
  }
  return /** @type {Promise<Scorecard>} */ (response.json());
}

/**
 * Rows for a table: a missing score stays missing (never shown as 0), and a change is shown only where the
 * service gives one.
 * @param {Scorecard} scorecard
 * @returns {ScorecardRow[]}
 */
export function scorecardRows(scorecard) {
  return scorecard.indices.map((entry) => {
    const result = entry.result;
    const score = result?.score;
    const rank = result?.rank;
    // From both years' ranks where held; else as a source stated it, among the published statements.
    const change = result?.change?.places ?? entry.publishedStatements.find((s) => s.kind === 'rankChange' && s.comparedToYear === scorecard.year - 1)?.places;
    const source = result?.sources?.[0]?.source;
    return {
      index: entry.index,
      name: entry.indexNameEn,
      score: score === null || score === undefined ? (result?.status ?? 'not assessed') : String(score),
      rank: rank === null || rank === undefined ? '' : `${rank}${result?.cohortSize ? ' / ' + result.cohortSize : ''}`,
      change: change === null || change === undefined ? '' : change > 0 ? `▲ ${change}` : change < 0 ? `▼ ${-change}` : '=',
      source: source?.url ?? source?.citation ?? '',
    };
  });
}
