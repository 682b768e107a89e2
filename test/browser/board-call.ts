import type { INestApplicationContext } from '@nestjs/common';
import { AssignmentsService } from '../../src/modules/reviews/assignments.service.js';
import type { Factory, Person, World } from '../factories/world.js';

const DAY = 86_400_000;

function steps(factory: Factory, world: World) {
  const who = (agency: string, role: string): Person => world.people[agency][role];
  const call = (type: string, person: Person, body: Record<string, unknown> = {}) =>
    factory.send('call', world.callId, { type, ...body }, person.actor);
  const proposal = (id: string, type: string, person: Person, body: Record<string, unknown> = {}) =>
    factory.send('proposal', id, { type, ...body }, person.actor);
  return { who, call, proposal, lead: world.lead, cp: world.counterpart };
}

/**
 * A call taken through the engine, as its people would, to the joint panel: proposals reviewed by
 * one reviewer per agency and consolidated by both, the panel convened. Returns the proposals in
 * submission order.
 */
export async function callAtPanel(
  app: INestApplicationContext,
  factory: Factory,
  world: World,
  titles: string[],
): Promise<string[]> {
  const { who, call, proposal, lead, cp } = steps(factory, world);

  await call('CONFIGURE_REVIEW', who(lead, 'program_officer'), {
    minReviewersPerAgency: 1,
    reviewDue: new Date(Date.now() + 21 * DAY).toISOString(),
  });
  const ids: string[] = [];
  for (const title of titles) ids.push(await factory.proposal(world, { title }, { submit: true }));
  await call('CLOSE', who(lead, 'program_officer'));
  await call('START_REVIEW', who(lead, 'program_officer'));

  const reviewers = {
    [lead]: await factory.reviewer(lead, { institution: 'Kyoto University' }),
    [cp]: await factory.reviewer(cp, { institution: 'Stanford University' }),
  };
  const assignments = app.get(AssignmentsService);
  for (const id of ids) {
    await proposal(id, 'START_ELIGIBILITY_CHECK', who(lead, 'program_officer'));
    await proposal(id, 'RULE_ELIGIBILITY', who(lead, 'program_officer'), { eligible: true });
    await proposal(id, 'RULE_ELIGIBILITY', who(cp, 'program_officer'), { eligible: true });
    for (const agency of [lead, cp]) {
      const reviewer = reviewers[agency];
      const a = await assignments.create(
        { proposalId: id, reviewerId: reviewer.reviewerId },
        who(agency, 'program_officer').actor,
      );
      await factory.send('assignment', a.id, { type: 'ACCEPT', declaresNoConflict: true }, reviewer.actor);
      await factory.send(
        'assignment',
        a.id,
        {
          type: 'SUBMIT_REVIEW',
          scores: { excellence: 4, collaboration: 4, feasibility: 4 },
          recommendation: 'fund',
          commentsToApplicants: 'A sound joint plan.',
        },
        reviewer.actor,
      );
      await proposal(id, 'COMPLETE_AGENCY_REVIEW', who(agency, 'program_officer'), {
        score: 4,
        recommendation: 'fund',
        summary: `${agency} supports it.`,
      });
    }
  }
  await call('START_PANEL', who(lead, 'program_officer'));
  return ids;
}

/** On from the panel to selection: the panel agrees on each proposal, both agencies sign it off, the ranking is drawn. */
export async function callAtSelection(
  app: INestApplicationContext,
  factory: Factory,
  world: World,
  titles: string[],
): Promise<string[]> {
  const { who, call, proposal, lead, cp } = steps(factory, world);
  const ids = await callAtPanel(app, factory, world, titles);
  for (const [i, id] of ids.entries()) {
    await proposal(id, 'RECORD_PANEL_RESULT', who(lead, 'panel_member'), {
      recommendation: 'fund',
      score: 4.5 - i * 0.25,
      minutes: 'Agreed.',
    });
    for (const agency of [lead, cp]) await proposal(id, 'SIGN_OFF_PANEL', who(agency, 'program_director'));
  }
  await call('START_SELECTION', who(lead, 'program_officer'));
  return ids;
}

/** On from selection to the board review: both agencies select every proposal, and the list goes to the steering committee. */
export async function callAtBoard(
  app: INestApplicationContext,
  factory: Factory,
  world: World,
  titles: string[],
): Promise<string[]> {
  const { who, call, lead, cp } = steps(factory, world);
  const ids = await callAtSelection(app, factory, world, titles);
  for (const agency of [lead, cp]) {
    await call('CONFIRM_SELECTION', who(agency, 'program_director'), {
      decisions: ids.map((proposalId) => ({ proposalId, decision: 'select' })),
    });
  }
  await call('SUBMIT_TO_BOARD', who(lead, 'program_director'));
  return ids;
}
