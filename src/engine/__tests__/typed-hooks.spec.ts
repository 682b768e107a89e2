import type { QueryRunner } from 'typeorm';
import { SYSTEM_ACTOR } from '../actor.js';
import type { TransitionWrite } from '../engine.types.js';
import { HookRegistry } from '../hook-registry.js';
import { defineHooks, registerHooks, WorkflowHooks, type AnyHookSet } from '../typed-hooks.js';

const q = {} as QueryRunner;

const write = (type: string, context: Record<string, unknown>): TransitionWrite => ({
  q,
  subjectType: 'assignment',
  instanceId: 'a1',
  event: { type, reason: 'busy' },
  from: 'invited',
  to: 'declined',
  context,
  actor: SYSTEM_ACTOR,
  send: () => Promise.reject(new Error('not here')),
  sendMany: () => Promise.reject(new Error('not here')),
  create: () => Promise.reject(new Error('not here')),
});

describe('typed engine hooks', () => {
  it('registers facts and writers under the event types they are keyed by', async () => {
    const sut = new HookRegistry();
    const written: string[] = [];
    registerHooks(
      sut,
      defineHooks('assignment', {
        facts: { ACCEPT: async () => ({ conflicts: ['none'] }) },
        writers: {
          DECLINE: async (w) => {
            written.push(`${w.event.reason} ${w.context.reviewerUserId}`);
          },
        },
      }),
    );

    expect(await sut.loadFacts(q, 'assignment', 'a1', { type: 'ACCEPT' }, 'probe')).toEqual({ conflicts: ['none'] });
    await sut.writerFor('assignment', 'DECLINE')!(write('DECLINE', { reviewerUserId: 'u7' }));
    expect(written).toEqual(['busy u7']);
    expect(sut.writerFor('assignment', 'ACCEPT')).toBeUndefined();
    await expect(sut.loadFacts(q, 'assignment', 'a1', { type: 'DECLINE' }, 'probe')).rejects.toThrow(
      'no facts provider for DECLINE of assignments',
    );
  });

  it('lets a hooks provider register its sets itself when the module starts', async () => {
    class ProposalHooks extends WorkflowHooks {
      constructor(hooks: HookRegistry) {
        super(hooks);
      }
      protected hooks(): AnyHookSet[] {
        return [
          defineHooks('proposal', { facts: { SUBMIT: async () => ({ complete: true }) as never } }),
          defineHooks('call', { writers: { ARCHIVE: async () => undefined } }),
        ];
      }
    }
    const registry = new HookRegistry();
    const sut = new ProposalHooks(registry);

    sut.onModuleInit();

    expect(await registry.loadFacts(q, 'proposal', 'p1', { type: 'SUBMIT' }, 'send')).toEqual({ complete: true });
    expect(registry.writerFor('call', 'ARCHIVE')).toBeDefined();
  });

  it('refuses a second hook of the same kind for the same event', () => {
    const sut = new HookRegistry();
    sut.register(defineHooks('assignment', { facts: { ACCEPT: async () => ({ conflicts: [] }) } }));

    expect(() => sut.register(defineHooks('assignment', { facts: { ACCEPT: async () => undefined } }))).toThrow(
      'a facts provider for assignment:ACCEPT is already registered',
    );
    sut.register(defineHooks('proposal', { facts: { SUBMIT: async () => undefined } }));
  });

  // Checked by `npm run typecheck` (tsc), which fails on an @ts-expect-error that expects no error.
  it('takes hooks only as typed sets: an event name with a typo does not compile', () => {
    const sut = new HookRegistry();
    const writer = async () => undefined;
    const misspelt = () => {
      // @ts-expect-error the string-keyed registration is gone: a typo could not be caught there
      sut.registerWriter('assignment', 'DECLIEN', writer);
      // @ts-expect-error ditto for facts providers
      sut.registerFacts('assignment', writer, ['ACCEPT']);
      sut.register({
        subject: 'assignment',
        // @ts-expect-error DECLIEN is no event of an assignment
        writers: { DECLIEN: writer },
      });
      defineHooks('call', {
        // @ts-expect-error MOVE_IN_RANKNG is no event of a call
        writers: { MOVE_IN_RANKNG: writer },
      });
      defineHooks('proposal', {
        // @ts-expect-error nor SUMBIT of a proposal
        facts: { SUMBIT: async () => undefined },
      });
      // @ts-expect-error nor is `review` a subject type
      defineHooks('review', { writers: {} });
    };

    expect(misspelt).toBeInstanceOf(Function);
    for (const method of ['registerWriter', 'registerFacts', 'registerAccessFacts'])
      expect([method, method in sut]).toEqual([method, false]);
  });

  it('refuses, at compile time, event types the subject does not have', () => {
    defineHooks('assignment', {
      // @ts-expect-error SUBMIT is a proposal's event, not an assignment's
      writers: { SUBMIT: async () => undefined },
    });
    defineHooks('assignment', {
      // @ts-expect-error DECLINE's guards take no facts
      facts: { DECLINE: async () => ({}) },
    });
    defineHooks('call', {
      // @ts-expect-error START_SELECTION's provider must answer PanelClosureFacts
      facts: { START_SELECTION: async () => ({ conflicts: [] }) },
    });
  });
});
