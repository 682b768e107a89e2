import { createMachine } from 'xstate';
import { z } from 'zod';
import { machineEvents, stateNodes, statesWithoutWayOut, unreachableStates } from '../../src/engine/workflow-check.js';
import { defineWorkflow, ROLES, WORKFLOWS, workflowKey, type WorkflowDefinition } from '../index.js';

describe('workflow catalog', () => {
  it('holds at least one workflow for calls, proposals, review assignments and IRCC research units', () => {
    expect(new Set(WORKFLOWS.map((d) => d.subject))).toEqual(new Set(['call', 'proposal', 'assignment', 'unit']));
  });

  it('gives every workflow a unique id@version key', () => {
    const keys = WORKFLOWS.map(workflowKey);

    expect(new Set(keys).size).toBe(keys.length);
  });

  it('builds the key from the id and the version', () => {
    expect(workflowKey({ id: 'sicorp-joint-call', version: 3 })).toBe('sicorp-joint-call@3');
  });

  it('refuses a definition whose machine has another id', () => {
    const machine = createMachine({ id: 'something-else', initial: 'a', states: { a: {} } });

    expect(() =>
      defineWorkflow({ id: 'sicorp-joint-call', version: 9, subject: 'call', title: 'x', machine, events: {} }),
    ).toThrow('workflow sicorp-joint-call: machine id is something-else');
  });

  describe.each(WORKFLOWS.map((d) => [workflowKey(d), d] as [string, WorkflowDefinition]))('%s', (_key, definition) => {
    const { machine } = definition;

    it('is frozen so a released version cannot change at run time', () => {
      expect(Object.isFrozen(definition)).toBe(true);
    });

    it('uses the definition id as the machine id', () => {
      expect(machine.id).toBe(definition.id);
    });

    it('has a permission rule for every event the machine handles', () => {
      const missing = [...machineEvents(machine)].filter((type) => !(type in definition.events));

      expect(missing).toEqual([]);
    });

    it('handles every event it has a permission rule for', () => {
      const events = machineEvents(machine);
      const unused = Object.keys(definition.events).filter((type) => !events.has(type));

      expect(unused).toEqual([]);
    });

    it('reaches every state from the initial state', () => {
      expect(unreachableStates(machine)).toEqual([]);
    });

    it('can reach a final state from every state', () => {
      expect(statesWithoutWayOut(machine)).toEqual([]);
    });

    it('has at least one final state', () => {
      expect(stateNodes(machine).some((n) => n.type === 'final')).toBe(true);
    });

    it('names only known roles in its permission rules', () => {
      const unknown = Object.entries(definition.events).flatMap(([type, rule]) =>
        rule.roles.filter((role) => !(ROLES as readonly string[]).includes(role)).map((role) => `${type}: ${role}`),
      );

      expect(unknown).toEqual([]);
    });

    it('lets somebody send every event', () => {
      const nobody = Object.entries(definition.events)
        .filter(([, rule]) => rule.roles.length === 0)
        .map(([type]) => type);

      expect(nobody).toEqual([]);
    });

    it('describes every event', () => {
      const undescribed = Object.entries(definition.events)
        .filter(([, rule]) => rule.description.trim() === '')
        .map(([type]) => type);

      expect(undescribed).toEqual([]);
    });

    it('validates every payload with a strict object schema, so unknown fields are refused', () => {
      const lenient = Object.entries(definition.events)
        .filter(
          ([, rule]) => !(rule.payload instanceof z.ZodObject) || !(rule.payload.def.catchall instanceof z.ZodNever),
        )
        .map(([type]) => type);

      expect(lenient).toEqual([]);
    });

    it('never lets a caller supply the event type or the server-side facts in a payload', () => {
      const spoofable = Object.entries(definition.events)
        .filter(
          ([, rule]) =>
            rule.payload instanceof z.ZodObject && ('type' in rule.payload.shape || 'facts' in rule.payload.shape),
        )
        .map(([type]) => type);

      expect(spoofable).toEqual([]);
    });
  });
});
