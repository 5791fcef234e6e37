// Entry point only: load config → create the app → listen → stop gracefully on SIGTERM/SIGINT.
import 'reflect-metadata';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  const url = await app.listen();
  app.logger.info(`Flowguard API ready at ${url}`, { env: config.nodeEnv, store: app.store.kind, limits: app.services.limits.counters.kind });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    // A second signal does not cut the drain short: under `npm start` one Ctrl-C arrives twice (the
    // terminal signals the whole process group and npm forwards SIGINT to its child as well). The
    // hard stop below bounds the wait instead.
    if (stopping) return;
    stopping = true;
    app.logger.info(`${signal} received: draining requests and closing the store`);
    const hardStop = setTimeout(() => {
      app.logger.error(`shutdown took longer than ${config.http.shutdownTimeoutMs} ms; exiting anyway`);
      process.exit(1);
    }, config.http.shutdownTimeoutMs);
    hardStop.unref();
    app.stop().then(
      () => {
        app.logger.info('stopped: requests drained, store and limit stores closed');
        process.exit(0);
      },
      (error: unknown) => {
        app.logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('Flowguard could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
