// `npm run bench`: flowguard against a bare Apollo Server over the same schema, services and
// embedded store, each in its own process, loaded over HTTP by autocannon from this one.
// Knobs (for profiling runs): BENCH_ROUNDS, BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_CPU_PROF=<server>[,<server>…],
// BENCH_SCENARIOS=comments,buyTicket,hostile,auth (all by default).
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ServerChild, type ServerInfo } from './children';
import { CONNECTIONS, measure, newTally, type Measurement, type Timing } from './load';
import { median, printTable, writeResults, type Row } from './report';
import { authOverhead, bcryptCost } from './auth-overhead';
import { hostileDocuments, printHostile, type HostileResult } from './hostile';
import { buyOneTicket, readThread } from './scenarios';
import { BUYERS } from './seed';
import { SERVER_NAMES, type ServerName } from './targets';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const TIMING: Timing = { warmupSeconds: setting('BENCH_WARMUP_SECONDS', 3), measuredSeconds: setting('BENCH_SECONDS', 10) };
const ROUNDS = setting('BENCH_ROUNDS', 5);
const BCRYPT_COST = 12; // the production default (BCRYPT_COST)
const SCENARIOS = new Set((process.env.BENCH_SCENARIOS ?? 'comments,buyTicket,hostile,auth').split(',').map((name) => name.trim()));
/**
 * The comment thread on all four, in an order that keeps each compared pair next to each other in
 * every round (uncached beside bare Apollo and beside limits off), so a pair's runs meet the same
 * machine; purchases compare the real app with bare Apollo and with limits off (the cache plays no
 * part), flowguard between the two for the same reason.
 */
const READERS: readonly ServerName[] = ['flowguard', 'bare-apollo', 'flowguard-uncached', 'flowguard-limits-off'];
const BUYERS_ON: readonly ServerName[] = ['bare-apollo', 'flowguard', 'flowguard-limits-off'];
const PROFILE_DIR = path.resolve(__dirname, '../../bench/results/profiles');

type Server = { child: ServerChild; info: ServerInfo };
type PerServer<T> = Partial<Record<ServerName, T>>;
/** Medians over rounds; CPU per request only where it was read (the comments reads). */
type Summary = { reqPerSec: number; p99Ms: number; cpuUsPerRequest?: number };

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

async function startServers(children: ServerChild[], names: readonly ServerName[]): Promise<PerServer<Server>> {
  const servers: PerServer<Server> = {};
  for (const name of names) {
    const child = await ServerChild.start(name, PROFILE_DIR);
    children.push(child);
    servers[name] = { child, info: await child.ready() };
    log(`${name} ready at ${servers[name].info.url}`);
  }
  return servers;
}

/** Alternating servers, and which goes first, so drift over time hits both alike. */
async function rounds<T extends Measurement>(label: string, servers: PerServer<Server>, names: readonly ServerName[], run: (name: ServerName, server: Server) => Promise<T>): Promise<PerServer<T[]>> {
  const results: PerServer<T[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const name of round % 2 === 1 ? names : [...names].reverse()) {
      const result = await run(name, servers[name]!);
      results[name]!.push(result);
      log(`${label} round ${round}/${ROUNDS} ${name}: ${brief(result)}`);
    }
  }
  return results;
}

const readRun = (_name: ServerName, { child, info }: Server) => measure(info.url, readThread(info.threadEventId), TIMING, undefined, CONNECTIONS, () => child.cpuMicros());

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

const perServer = <T>(names: readonly ServerName[], value: (name: ServerName) => T): PerServer<T> => Object.fromEntries(names.map((name) => [name, value(name)]));
const between = (summaries: PerServer<Summary>, name: ServerName, baseline: ServerName) => summaries[name]!.reqPerSec / summaries[baseline]!.reqPerSec;
/**
 * The median over rounds of `name`'s req/s over `baseline`'s in the same round. The machine drifts
 * by ±15% between minutes (a shared VM), and the two runs of a round are back to back, so this
 * ratio is steadier than the ratio of the two medians.
 */
function paired(runs: PerServer<Measurement[]>, name: ServerName, baseline: ServerName): number {
  return median(runs[name]!.map((run, round) => run.okPerSec / runs[baseline]![round].okPerSec));
}

function summarise(runs: Measurement[]): Summary {
  const cpu = runs.flatMap((m) => (m.cpuUsPerRequest === undefined ? [] : [m.cpuUsPerRequest]));
  return { reqPerSec: median(runs.map((m) => m.okPerSec)), p99Ms: median(runs.map((m) => m.p99Ms)), ...(cpu.length ? { cpuUsPerRequest: median(cpu) } : {}) };
}
/** How many requests `name` serves per CPU second, as a ratio to `baseline` (undefined without CPU readings). */
function cpuBetween(summaries: PerServer<Summary>, name: ServerName, baseline: ServerName): number | undefined {
  const mine = summaries[name]?.cpuUsPerRequest;
  const theirs = summaries[baseline]?.cpuUsPerRequest;
  return mine && theirs ? theirs / mine : undefined;
}

function rows(scenario: string, summaries: PerServer<Summary>): Row[] {
  const bare = summaries['bare-apollo']!.reqPerSec;
  return (Object.keys(summaries) as ServerName[]).map((server) => ({ server, scenario, ...summaries[server]!, ratioVsBare: summaries[server]!.reqPerSec / bare }));
}

/** The same anonymous `comments(first: 20)` read: cached flowguard, uncached flowguard, bare Apollo. */
async function commentsScenario(servers: PerServer<Server>) {
  const runs = await rounds('comments', servers, READERS, readRun);
  const summaries = perServer(READERS, (name) => summarise(runs[name]!));
  const report = () => {
    const both = (name: ServerName, baseline: ServerName) => `${paired(runs, name, baseline).toFixed(2)}x paired by round (${between(summaries, name, baseline).toFixed(2)}x of medians)`;
    console.log(`\ncomments (cached): flowguard/bare = ${both('flowguard', 'bare-apollo')} (target >= 2.00x)`);
    console.log(`comments (executed, CACHE_ENABLED=false): flowguard-uncached/bare = ${both('flowguard-uncached', 'bare-apollo')} (target >= 0.90x)`);
    console.log(`comments (executed): all limits on / limits off = ${both('flowguard-uncached', 'flowguard-limits-off')} (target >= 0.85x)`);
    const cpu = (name: ServerName) => `${summaries[name]!.cpuUsPerRequest?.toFixed(0)} us`;
    const perCpu = cpuBetween(summaries, 'flowguard-uncached', 'flowguard-limits-off');
    if (perCpu !== undefined) console.log(`comments (executed): server CPU per request, limits on ${cpu('flowguard-uncached')} vs off ${cpu('flowguard-limits-off')} -> requests per CPU second on/off = ${perCpu.toFixed(2)}x`);
  };
  return { runs, rows: rows('comments', summaries), report };
}

async function buyScenario(servers: PerServer<Server>) {
  const runs = await rounds('buyTicket', servers, BUYERS_ON, buyRun);
  const summaries = perServer(BUYERS_ON, (name) => summarise(runs[name]!));
  const report = () => console.log(`buyTicket: flowguard ${summaries.flowguard!.reqPerSec.toFixed(0)} purchases/s (target >= 1000), flowguard/bare = ${paired(runs, 'flowguard', 'bare-apollo').toFixed(2)}x, limits on/off = ${paired(runs, 'flowguard', 'flowguard-limits-off').toFixed(2)}x (paired by round)`);
  return { runs, rows: rows('buyTicket', summaries), report };
}

async function benchmark(servers: PerServer<Server>): Promise<void> {
  const comments = SCENARIOS.has('comments') ? await commentsScenario(servers) : undefined;
  const buys = SCENARIOS.has('buyTicket') ? await buyScenario(servers) : undefined;
  const table = [...(comments?.rows ?? []), ...(buys?.rows ?? [])];
  printTable(table);
  comments?.report();
  buys?.report();
  let hostile: HostileResult[] | undefined;
  if (SCENARIOS.has('hostile')) {
    hostile = await hostileDocuments(servers.flowguard!.info.url, servers.flowguard!.child, log);
    printHostile(hostile);
  }
  const settings = { connections: CONNECTIONS, ...TIMING, rounds: ROUNDS, buyers: BUYERS };
  if (!SCENARIOS.has('auth')) {
    log(`results written to ${await writeResults({ settings, table, comments: comments?.runs, buyTicket: buys?.runs, hostile })}`);
    return;
  }
  // On the uncached app, so the anonymous read executes as the signed-in ones do (no cache hit).
  const auth = await authOverhead(servers['flowguard-uncached']!.info, { warmupSeconds: 1, measuredSeconds: 5 }, ROUNDS, log);
  const bcrypt = await bcryptCost(BCRYPT_COST);
  const ms = (value: number) => `${value.toFixed(3)} ms`;
  console.log(`\nauth (comments first: 20, 1 connection, mean latency): anonymous ${ms(auth.meanLatencyMs.anonymous)}, JWT ${ms(auth.meanLatencyMs.jwt)} (+${ms(auth.extraMs.jwt)}), API key ${ms(auth.meanLatencyMs.apiKey)} (+${ms(auth.extraMs.apiKey)})`);
  console.log(`bcrypt cost ${BCRYPT_COST}: hash ${bcrypt.hashMs.toFixed(0)} ms, verify ${bcrypt.verifyMs.toFixed(0)} ms (median of 5)`);
  log(`results written to ${await writeResults({ settings, table, comments: comments?.runs, buyTicket: buys?.runs, hostile, auth, bcrypt: { cost: BCRYPT_COST, ...bcrypt } })}`);
}

async function main(): Promise<void> {
  const children: ServerChild[] = [];
  const stopAll = () => Promise.all(children.map((child) => child.stop()));
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  try {
    const uncachedNeeded = SCENARIOS.has('comments') || SCENARIOS.has('auth');
    const names = SERVER_NAMES.filter((name) => BUYERS_ON.includes(name) || (name !== 'flowguard' && name !== 'bare-apollo' && uncachedNeeded));
    await benchmark(await startServers(children, names));
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
