import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A throwaway embedded PostgreSQL in a child process (scratch-database-server.ts). */
export interface ScratchDatabase {
  url: string;
  stop(): Promise<void>;
}

/** Starts the throwaway database and answers its address once it takes connections. */
export function startScratchDatabase(): Promise<ScratchDatabase> {
  const child = fork(fileURLToPath(new URL('./scratch-database-server.js', import.meta.url)), [], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const failed = (why: string) => reject(new Error(`the simulator's embedded database did not start: ${why}`));
    child.once('error', (e) => failed(e.message));
    child.once('exit', (code) => failed(`it exited with code ${code}`));
    child.once('message', (m: { url: string }) => {
      child.removeAllListeners('exit');
      resolve({
        url: m.url,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.disconnect();
          }),
      });
    });
  });
}
