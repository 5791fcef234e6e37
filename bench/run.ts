// `npm run bench`: flowguard against a bare Apollo Server over the same schema, services and
// embedded store, each in its own process, loaded over HTTP by autocannon from this one.
// Knobs (for profiling runs): BENCH_ROUNDS, BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_CPU_PROF=<server>.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ServerChild, type ServerInfo } from './children';
import { CONNECTIONS, measure, newTally, type Measurement, type Timing } from './load';
import { median, printTable, writeResults, type Row } from './report';
import { authOverhead, bcryptCost } from './auth-overhead';
import { hostileDocuments, printHostile } from './hostile';
import { buyOneTicket, readThread } from './scenarios';
import { BUYERS } from './seed';
import { SERVER_NAMES, type ServerName } from './targets';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const TIMING: Timing = { warmupSeconds: setting('BENCH_WARMUP_SECONDS', 3), measuredSeconds: setting('BENCH_SECONDS', 10) };
const ROUNDS = setting('BENCH_ROUNDS', 3);
const BCRYPT_COST = 12; // the production default (BCRYPT_COST)
const PROFILE_DIR = path.resolve(__dirname, '../../bench/results/profiles');

type Server = { child: ServerChild; info: ServerInfo };
type PerServer<T> = Record<ServerName, T>;
type Summary = { reqPerSec: number; p99Ms: number };

interface BuyOutcome extends Measurement {
  /** Over warm-up and measured run together, checked against the store afterwards. */
  check: { ok: number; failed: number; unanswered: number; ticketsSold: number; consistent: boolean; firstFailure?: string };
}

const log = (line: string) => console.log(`[bench] ${line}`);
function brief(m: Measurement): string {
  const trouble = m.failed + m.socketErrors + m.timeouts > 0;
  const problems = trouble ? ` (failed ${m.failed}, socket errors ${m.socketErrors}, timeouts ${m.timeouts})` : '';
  return `${m.okPerSec.toFixed(0)} ok/s, p99 ${m.p99Ms} ms${problems}`;
}

async function startServers(children: ServerChild[]): Promise<PerServer<Server>> {
  const servers: Partial<PerServer<Server>> = {};
  for (const name of SERVER_NAMES) {
    const child = await ServerChild.start(name, PROFILE_DIR);
    children.push(child);
    servers[name] = { child, info: await child.ready() };
    log(`${name} ready at ${servers[name].info.url}`);
  }
  return servers as PerServer<Server>;
}

/** Alternating servers, and which goes first, so drift over time hits both alike. */
async function rounds<T extends Measurement>(label: string, servers: PerServer<Server>, run: (name: ServerName, server: Server) => Promise<T>): Promise<PerServer<T[]>> {
  const results = perServer<T[]>(() => []);
  for (let round = 1; round <= ROUNDS; round++) {
    const shift = (round - 1) % SERVER_NAMES.length; // each server goes first in turn
    for (const name of [...SERVER_NAMES.slice(shift), ...SERVER_NAMES.slice(0, shift)]) {
      const result = await run(name, servers[name]);
      results[name].push(result);
      log(`${label} round ${round}/${ROUNDS} ${name}: ${brief(result)}`);
    }
  }
  return results;
}

const readRun = (_name: ServerName, { info }: Server) => measure(info.url, readThread(info.threadEventId), TIMING);

async function buyRun(_name: ServerName, { child, info }: Server): Promise<BuyOutcome> {
  const total = newTally();
  const soldBefore = await child.ticketsSold();
  const result = await measure(info.url, buyOneTicket(info.saleEventId, info.buyerTokens), TIMING, total);
  await sleep(1000); // requests autocannon stopped waiting for still finish on the server
  const ticketsSold = (await child.ticketsSold()) - soldBefore;
  const unanswered = total.sent - total.answered;
  // Every success sold one ticket; an unanswered request may or may not have.
  const consistent = ticketsSold >= total.ok && ticketsSold <= total.ok + unanswered;
  const check = { ok: total.ok, failed: total.failed, unanswered, ticketsSold, consistent, firstFailure: total.firstFailure };
  log(`  store check: ${ticketsSold} tickets sold for ${total.ok} ok + ${unanswered} unanswered -> ${consistent ? 'consistent' : 'MISMATCH'}`);
  if (total.firstFailure) log(`  first failure: ${total.firstFailure}`);
  return { ...result, check };
}

const perServer = <T>(value: (name: ServerName) => T) => Object.fromEntries(SERVER_NAMES.map((name) => [name, value(name)])) as PerServer<T>;
const ratio = (summaries: PerServer<Summary>, baseline: ServerName = 'bare-apollo') => summaries.flowguard.reqPerSec / summaries[baseline].reqPerSec;

const summarise = (runs: Measurement[]): Summary => ({
  reqPerSec: median(runs.map((m) => m.okPerSec)),
  p99Ms: median(runs.map((m) => m.p99Ms)),
});

function rows(scenario: string, summaries: PerServer<Summary>): Row[] {
  const bare = summaries['bare-apollo'].reqPerSec;
  return SERVER_NAMES.map((server) => ({ server, scenario, ...summaries[server], ratioVsBare: summaries[server].reqPerSec / bare }));
}

async function benchmark(servers: PerServer<Server>): Promise<void> {
  const comments = await rounds('comments', servers, readRun);
  const buys = await rounds('buyTicket', servers, buyRun);
  const thread = perServer((name) => summarise(comments[name]));
  const buy = perServer((name) => summarise(buys[name]));
  const table = [...rows('comments', thread), ...rows('buyTicket', buy)];
  printTable(table);
  console.log(`\ncomments: flowguard/bare = ${ratio(thread).toFixed(2)}x (target >= 0.90x); all limits on / limits off = ${ratio(thread, 'flowguard-limits-off').toFixed(2)}x (target >= 0.85x)`);
  console.log(`buyTicket: flowguard ${buy.flowguard.reqPerSec.toFixed(0)} purchases/s (target >= 1000), flowguard/bare = ${ratio(buy).toFixed(2)}x, limits on/off = ${ratio(buy, 'flowguard-limits-off').toFixed(2)}x`);
  const hostile = await hostileDocuments(servers.flowguard.info.url, servers.flowguard.child, log);
  printHostile(hostile);
  const auth = await authOverhead(servers.flowguard.info, { warmupSeconds: 1, measuredSeconds: 5 }, ROUNDS, log);
  const bcrypt = await bcryptCost(BCRYPT_COST);
  const ms = (value: number) => `${value.toFixed(3)} ms`;
  console.log(`\nauth (comments first: 20, 1 connection, mean latency): anonymous ${ms(auth.meanLatencyMs.anonymous)}, JWT ${ms(auth.meanLatencyMs.jwt)} (+${ms(auth.extraMs.jwt)}), API key ${ms(auth.meanLatencyMs.apiKey)} (+${ms(auth.extraMs.apiKey)})`);
  console.log(`bcrypt cost ${BCRYPT_COST}: hash ${bcrypt.hashMs.toFixed(0)} ms, verify ${bcrypt.verifyMs.toFixed(0)} ms (median of 5)`);
  const settings = { connections: CONNECTIONS, ...TIMING, rounds: ROUNDS, buyers: BUYERS };
  log(`results written to ${await writeResults({ settings, table, comments, buyTicket: buys, hostile, auth, bcrypt: { cost: BCRYPT_COST, ...bcrypt } })}`);
}

async function main(): Promise<void> {
  const children: ServerChild[] = [];
  const stopAll = () => Promise.all(children.map((child) => child.stop()));
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  try {
    await benchmark(await startServers(children));
  } finally {
    await stopAll();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
