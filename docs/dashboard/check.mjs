// Runs the example's code against a running IndexHub, as the guide tells a portal developer to:
//   node docs/dashboard/check.mjs http://localhost:5080
// It fails (exit 1) unless Cần Thơ's 2022 scorecard comes back with real published figures.
import { fetchScorecard, scorecardRows } from './scorecard.js';

const base = process.argv[2] ?? 'http://localhost:5080';
const scorecard = await fetchScorecard(base, '92', 2022);
const rows = scorecardRows(scorecard);
console.table(rows);
// As published: PAPI 2022 gives Cần Thơ a score (39.9747, 55th of 63); PAR and SIPAS give ranks only.
const papi = rows.find((row) => row.index === 'PAPI');
const ranked = rows.filter((row) => row.rank !== '');
if (scorecard.year !== 2022 || papi?.score !== '39.9747' || papi.rank !== '55 / 63' || ranked.length < 3) {
  console.error(`expected Cần Thơ's 2022 scorecard: PAPI 39.9747, 55 / 63, and at least three ranked indices`);
  process.exit(1);
}
try {
  await fetchScorecard(base, '00', 2022);
  console.error('expected a 404 problem for province 00');
  process.exit(1);
} catch (e) {
  if (!String(e).includes('404')) {
    throw e;
  }
}
console.log(`ok: ${scorecard.unit.name} ${scorecard.year}, ${ranked.length} indices ranked`);
