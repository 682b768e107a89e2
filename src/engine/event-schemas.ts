import { z } from 'zod';
import { WORKFLOWS, workflowKey, type EventRule, type WorkflowDefinition } from '../../workflows/index.js';

export type JsonSchema = Record<string, unknown>;
type Target = 'draft-2020-12' | 'openapi-3.0';

/**
 * The JSON Schema of an event's request body, `{ "type": "<TYPE>", ...payload }`, from the zod
 * schema its rule checks the payload with (the same check the engine runs before the machine).
 */
export function eventBodySchema(type: string, rule: EventRule, target: Target = 'draft-2020-12'): JsonSchema {
  const { $schema: _dialect, ...payload } = z.toJSONSchema(rule.payload, {
    target,
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  const typeProperty = { type: 'string', enum: [type] };
  const meta = { title: type, description: rule.description };
  if (payload.type === 'object') {
    const properties = { type: typeProperty, ...(payload.properties as JsonSchema | undefined) };
    return {
      ...meta,
      ...payload,
      properties,
      required: ['type', ...((payload.required as string[] | undefined) ?? [])],
    };
  }
  return { ...meta, allOf: [{ type: 'object', properties: { type: typeProperty }, required: ['type'] }, payload] };
}

/**
 * Every event a kind of subject accepts in any registered workflow, with its body schema; an event
 * whose payload differs between workflows gets `anyOf` the distinct schemas.
 */
export function subjectEventSchemas(
  definitions: WorkflowDefinition[],
  subject: WorkflowDefinition['subject'],
  target: Target,
): Map<string, JsonSchema> {
  const variants = new Map<string, Map<string, JsonSchema>>();
  for (const definition of definitions.filter((d) => d.subject === subject)) {
    for (const [type, rule] of Object.entries(definition.events)) {
      const schema = eventBodySchema(type, rule, target);
      const byJson = variants.get(type) ?? new Map<string, JsonSchema>();
      byJson.set(JSON.stringify({ ...schema, description: undefined }), schema);
      variants.set(type, byJson);
    }
  }
  return new Map(
    [...variants]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, byJson]) => {
        const schemas = [...byJson.values()];
        return [
          type,
          schemas.length === 1
            ? schemas[0]
            : {
                title: type,
                description: schemas[0].description,
                anyOf: schemas.map(({ title: _t, description: _d, ...s }) => s),
              },
        ];
      }),
  );
}

const BY_KEY = new Map(WORKFLOWS.map((d) => [workflowKey(d), d]));

/** `?include=schema`: the resource with the JSON Schema of the body of each event it allows now. */
export function withEventSchemas<T extends { workflow: string; allowedEvents: string[] }>(
  resource: T,
  include: string | undefined,
): T {
  const definition = BY_KEY.get(resource.workflow);
  if (include !== 'schema' || !definition) return resource;
  const eventSchemas = Object.fromEntries(
    resource.allowedEvents
      .filter((type) => definition.events[type])
      .map((type) => [type, eventBodySchema(type, definition.events[type])]),
  );
  return { ...resource, eventSchemas };
}
