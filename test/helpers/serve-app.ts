// A replica for multi-process tests: `node dist/test/helpers/serve-app.js --serve` builds the real app
// from the environment (its own DATA_DIR; REDIS_URL shared with its siblings), listens on a free
// port, prints "listening at <url>" and stops cleanly on SIGTERM. Without --serve it does nothing,
// so the test runner, which loads every file under test/, never starts a server from it.
import 'reflect-metadata';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';

export const SERVE_APP = __filename;

async function serve(): Promise<void> {
  const app = await createApp(loadConfig());
  const url = await app.listen(0, '127.0.0.1');
  process.stdout.write(`listening at ${url}\n`);
  process.once('SIGTERM', () => void app.stop().then(() => process.exit(0), () => process.exit(1)));
}

if (require.main === module && process.argv.includes('--serve')) {
  serve().catch((error: unknown) => {
    console.error('serve-app could not start:', error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
