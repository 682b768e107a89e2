// A worker for the crash tests (test/e2e/delivery-resilience.e2e-spec.ts): the compiled worker's
// module, started the way src/worker.ts starts it, with one provider overridden by the test: its
// outbox relay kills the process between Redis accepting a batch and the rows being marked relayed.
// Plain JavaScript over dist/ (the build compiles src/ only), so no fault switch lives in src/.
import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import { NestLogger } from '../../dist/src/common/logging.js';
import { loadEnv } from '../../dist/src/config/config.module.js';
import { OutboxRelays } from '../../dist/src/effects/effects.module.js';
import { OutboxRelay } from '../../dist/src/effects/outbox-relay.js';
import { WorkerModule } from '../../dist/src/worker.js';
import { DataSource } from 'typeorm';

loadEnv();
const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
  .overrideProvider(OutboxRelays)
  .useFactory({
    inject: [DataSource],
    factory: (dataSource) => ({
      create(queue, settings) {
        const relay = new OutboxRelay(dataSource, queue, settings);
        relay.afterQueued = async () => {
          process.kill(process.pid, 'SIGKILL');
          await new Promise(() => undefined);
        };
        return relay;
      },
    }),
  })
  .compile();
const app = moduleRef;
app.useLogger(new NestLogger(app.get(Logger)));
app.enableShutdownHooks();
await app.init();
app.get(Logger).log('Tandem worker started (relay fault: killed after queueing)');
