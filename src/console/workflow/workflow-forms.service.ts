import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AnyStateMachine } from 'xstate';
import type { WorkflowDefinition } from '../../../workflows/index.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { type Actor, holdsAt } from '../../engine/actor.js';
import { WorkflowEngine, type TransitionResult } from '../../engine/workflow-engine.service.js';
import { WorkflowRegistry } from '../../engine/workflow-registry.js';
import { setFlash, type Flash } from '../console-context.js';
import { zodErrorMap } from '../i18n/api-messages.js';
import type { Translator } from '../i18n/i18n.js';
import { formVersion } from '../views/form-fields.js';
import { eventForm, payloadFromForm } from './event-fields.js';
import { TimelineRepository } from './timeline.repository.js';
import type { ActionsInput, Narration } from './workflow.view.js';

export type FormOutcome =
  | { ok: true; transition: TransitionResult['transition'] }
  | {
      ok: false;
      status: number;
      problem: NonNullable<ActionsInput['problem']>;
      resubmit: NonNullable<ActionsInput['resubmit']>;
    };

export type FormRefusal = Extract<FormOutcome, { ok: false }>;

/**
 * Post/redirect/get for a form's event: when it went through, a flash (the "sent" one unless
 * `flash` says otherwise) and a 303 to `to`; when refused, `refused` shows the page again.
 */
export async function answerForm(
  req: Request,
  res: Response,
  t: Translator,
  outcome: FormOutcome,
  to: string,
  refused: (refusal: FormRefusal) => Promise<void>,
  flash: (transition: TransitionResult['transition']) => Flash = (transition) => sentFlash(t, transition),
): Promise<void> {
  if (!outcome.ok) return refused(outcome);
  setFlash(req, res, flash(outcome.transition));
  res.redirect(303, to);
}

/** The flash after a form's event went through: "<event> sent: <from> → <to>.", or "<event> sent (still <state>)." */
export const sentFlash = (t: Translator, transition: { event: string; from: string; to: string }): Flash => ({
  kind: 'ok',
  key: transition.from === transition.to ? 'actions.sentSame' : 'actions.sent',
  params: {
    event: t.label('event', transition.event),
    from: t.label('state', transition.from),
    to: t.label('state', transition.to),
  },
});

/** The agencies among the call's for which the viewer holds one of the event's roles (whom an agency field would offer). */
export const actingFor = (
  ctx: { actor: Actor },
  definition: WorkflowDefinition,
  type: string,
  agencies: string[],
): string[] => agencies.filter((a) => holdsAt(ctx.actor, definition.events[type].roles, a));

/** Every state name of a definition, nested ones as `parent.child` (as the engine reports them). */
export function stateNames(definition: WorkflowDefinition): string[] {
  const out: string[] = [];
  const walk = (node: { states: Record<string, unknown> }, prefix: string) => {
    for (const [key, child] of Object.entries(node.states)) {
      const name = prefix ? `${prefix}.${key}` : key;
      out.push(name);
      walk(child as { states: Record<string, unknown> }, name);
    }
  };
  walk((definition.machine as AnyStateMachine).root as never, '');
  return out;
}

/**
 * A console form becomes a workflow event sent through the engine's pipeline with the viewer as the
 * actor: the same checks and audit trail as the API. The page is read again after the redirect,
 * so neither the instance's view nor the view after the transition is built here. Refusals come back as problems to
 * show beside the form; anything unexpected is thrown.
 */
@Injectable()
export class WorkflowForms {
  constructor(
    private readonly engine: WorkflowEngine,
    private readonly registry: WorkflowRegistry,
    private readonly timelines: TimelineRepository,
  ) {}

  /** What a timeline needs to tell its steps in words: the definition (who may send what) and each actor's grants. */
  async narration(
    workflow: string,
    items: { actor: { id: string | null } }[],
    names: Record<string, string> = {},
  ): Promise<Narration> {
    const ids = [...new Set(items.map((i) => i.actor.id).filter((id): id is string => id !== null))];
    return { definition: this.registry.get(workflow), grants: await this.timelines.grantsOf(ids), names };
  }

  has(workflow: string): boolean {
    return this.registry.has(workflow);
  }

  definition(workflow: string): WorkflowDefinition {
    return this.registry.get(workflow);
  }

  async send(
    t: Translator,
    subjectType: 'call' | 'proposal' | 'assignment' | 'unit',
    id: string,
    actor: Actor,
    body: Record<string, unknown>,
  ): Promise<FormOutcome> {
    // 404 for what the viewer may not see; the page is read again after the redirect, so no view here.
    const definition = this.registry.get(await this.engine.workflowOf(subjectType, id, actor));
    const type = typeof body.type === 'string' ? body.type : '';
    const rule = Object.hasOwn(definition.events, type) ? definition.events[type] : undefined;
    const payload = rule ? payloadFromForm(eventForm(rule), body) : {};
    const version = formVersion(body);
    const resubmit = { type, values: body };
    // Said in the viewer's language before the engine's (English, schema-worded) refusal would say it.
    const missing = rule
      ? eventForm(rule).fields.filter((f) => f.required && f.kind !== 'agency' && payload[f.name] === undefined)
      : [];
    if (missing.length) {
      return {
        ok: false,
        status: 400,
        problem: {
          title: t.t('actions.refused', { detail: t.label('event', type) }),
          errors: missing.map((f) => ({ field: f.name, message: t.t('actions.required') })),
        },
        resubmit,
      };
    }
    return this.sendEvent(t, subjectType, id, actor, type, payload, version, resubmit);
  }

  /**
   * Sends an event whose payload a dedicated page built (a review form, say) through the same
   * pipeline, turning refusals into problems to show beside the form.
   */
  async sendEvent(
    t: Translator,
    subjectType: string,
    id: string,
    actor: Actor,
    type: string,
    payload: Record<string, unknown>,
    version: number | undefined,
    resubmit: NonNullable<ActionsInput['resubmit']> = { type, values: {} },
  ): Promise<FormOutcome> {
    try {
      const result = await this.engine.sendWithoutView({
        subjectType,
        instanceId: id,
        body: { type, ...payload },
        actor,
        expectedVersion: version,
      });
      return { ok: true, transition: result.transition };
    } catch (e) {
      if (!(e instanceof DomainException) || e.status >= 500 || e.code === ErrorCode.NotFound) throw e;
      const stale = e.code === ErrorCode.PreconditionFailed || e.code === ErrorCode.ConcurrentModification;
      const ext = e.extensions as { errors?: { field: string; message: string }[]; reasons?: string[] };
      // The payload's own validation said again in the reader's words (the engine's are zod's English).
      const errors =
        e.code === ErrorCode.ValidationFailed
          ? await this.localErrors(t, subjectType, id, actor, type, payload)
          : undefined;
      return {
        ok: false,
        status: e.status,
        problem: stale
          ? { title: t.t('actions.stale') }
          : {
              title: t.t('actions.refused', { detail: t.label('event', type) }),
              detail: e.message,
              errors: errors ?? ext.errors,
              reasons: ext.reasons,
            },
        resubmit: stale ? { type: '', values: {} } : resubmit,
      };
    }
  }

  /** The payload's validation errors as the reader's language says them; undefined when the schema finds none. */
  private async localErrors(
    t: Translator,
    subjectType: string,
    id: string,
    actor: Actor,
    type: string,
    payload: Record<string, unknown>,
  ): Promise<{ field: string; message: string }[] | undefined> {
    const definition = this.registry.get(await this.engine.workflowOf(subjectType, id, actor));
    const rule = Object.hasOwn(definition.events, type) ? definition.events[type] : undefined;
    const parsed = rule?.payload.safeParse(payload, { error: zodErrorMap(t) });
    if (!parsed || parsed.success) return undefined;
    return parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
  }
}
