import { z } from 'zod';
import { type EventRule, type PermissionScope, type Role, WORKFLOWS } from '../../../workflows/index.js';
import { sicorpJointCallV1 } from '../../../workflows/sicorp-joint-call.machine.js';
import { sicorpJointProposalV1 } from '../../../workflows/sicorp-joint-proposal.machine.js';
import { canSee, permits, systemOnly } from '../access.js';
import { SYSTEM_ACTOR, type Actor } from '../actor.js';

/** A call between JST (lead) and NSF; applicant u1 owns the proposal. */
const access = { agencies: ['JST', 'NSF'], lead: 'JST', owners: ['u1'] };

const actor = (userId: string, ...grants: [Role, string | null][]): Actor => ({
  userId,
  grants: grants.map(([role, agency]) => ({ role, agency })),
});

const rule = (scope: PermissionScope, roles: Role[]): EventRule => ({
  roles,
  scope,
  payload: z.object({}),
  description: `a ${scope} rule`,
});

const owner = actor('u1', ['applicant', 'JST']);
const otherApplicant = actor('u2', ['applicant', 'JST']);
const jstOfficer = actor('po-jst', ['program_officer', 'JST']);
const nsfOfficer = actor('po-nsf', ['program_officer', 'NSF']);
const dfgOfficer = actor('po-dfg', ['program_officer', 'DFG']);
const administrator = actor('admin', ['administrator', null]);

describe('canSee', () => {
  describe('a call', () => {
    it('is visible to staff of a participating agency', () => {
      expect(canSee(nsfOfficer, 'call', access, 'open')).toBe(true);
    });

    it('in draft is visible to staff of a participating agency', () => {
      expect(canSee(nsfOfficer, 'call', access, 'draft')).toBe(true);
    });

    it('in draft is invisible to applicants and reviewers of a participating agency until announced', () => {
      expect(canSee(actor('a1', ['applicant', 'JST']), 'call', access, 'draft')).toBe(false);
      expect(canSee(actor('r1', ['reviewer', 'NSF']), 'call', access, 'draft')).toBe(false);
      expect(canSee(actor('a1', ['applicant', 'JST']), 'call', access, 'announced')).toBe(true);
    });

    it('is visible to anybody holding a role at a participating agency', () => {
      expect(canSee(actor('r1', ['reviewer', 'NSF']), 'call', access, 'open')).toBe(true);
    });

    it('is invisible to staff of an agency not in the call', () => {
      expect(canSee(dfgOfficer, 'call', access, 'open')).toBe(false);
    });

    it('is invisible to a user without grants', () => {
      expect(canSee(actor('nobody'), 'call', access, 'open')).toBe(false);
    });

    it('is visible to administrators', () => {
      expect(canSee(administrator, 'call', access, 'open')).toBe(true);
    });

    it('is visible to the system', () => {
      expect(canSee(SYSTEM_ACTOR, 'call', access, 'open')).toBe(true);
    });
  });

  describe('a proposal', () => {
    it('is visible to its owner', () => {
      expect(canSee(owner, 'proposal', access, 'submitted')).toBe(true);
    });

    it('in draft is visible to its owner only, not to agency staff', () => {
      expect(canSee(owner, 'proposal', access, 'draft')).toBe(true);
      expect(canSee(jstOfficer, 'proposal', access, 'draft')).toBe(false);
      expect(canSee(jstOfficer, 'proposal', access, 'submitted')).toBe(true);
    });

    it('never submitted, whatever state it ended in, is visible to its owner and members only (issue 15)', () => {
      for (const state of ['call_cancelled', 'withdrawn']) {
        expect(canSee(owner, 'proposal', access, state, { unsubmitted: true })).toBe(true);
        expect(canSee(jstOfficer, 'proposal', access, state, { member: true, unsubmitted: true })).toBe(true);
        expect(canSee(jstOfficer, 'proposal', access, state, { unsubmitted: true })).toBe(false);
        expect(canSee(jstOfficer, 'proposal', access, state, { unsubmitted: false })).toBe(true);
        expect(canSee(administrator, 'proposal', access, state, { unsubmitted: true })).toBe(true);
      }
    });

    it('is visible to its owner even without an agency grant', () => {
      expect(canSee(actor('u1'), 'proposal', access, 'submitted')).toBe(true);
    });

    it('is invisible to another applicant of a participating agency', () => {
      expect(canSee(otherApplicant, 'proposal', access, 'submitted')).toBe(false);
    });

    it.each<Role>([
      'agency_officer',
      'program_officer',
      'program_director',
      'panel_member',
      'steering_committee_member',
      'board_member',
    ])('is visible to a %s of a participating agency', (role) => {
      expect(canSee(actor('staff', [role, 'NSF']), 'proposal', access, 'submitted')).toBe(true);
    });

    it('is invisible to a reviewer, who sees only assigned proposals', () => {
      expect(canSee(actor('r1', ['reviewer', 'JST']), 'proposal', access, 'submitted')).toBe(false);
    });

    it('is invisible to staff of an agency not in the call', () => {
      expect(canSee(dfgOfficer, 'proposal', access, 'submitted')).toBe(false);
    });

    it('is invisible to a board member of an agency not in the call', () => {
      expect(canSee(actor('b1', ['board_member', 'DFG']), 'proposal', access, 'submitted')).toBe(false);
    });

    it('is visible to administrators', () => {
      expect(canSee(administrator, 'proposal', access, 'submitted')).toBe(true);
    });

    it('is visible to the system', () => {
      expect(canSee(SYSTEM_ACTOR, 'proposal', access, 'submitted')).toBe(true);
    });
  });
});

describe('permits', () => {
  describe('owner scope', () => {
    const sut = rule('owner', ['applicant']);

    it('allows an owner holding the role', () => {
      expect(permits(owner, sut, access, undefined)).toEqual({ allowed: true });
    });

    it('refuses an applicant who does not own the subject', () => {
      expect(permits(otherApplicant, sut, access, undefined).allowed).toBe(false);
    });

    it('refuses an owner who no longer holds the role', () => {
      expect(permits(actor('u1', ['program_officer', 'JST']), sut, access, undefined).allowed).toBe(false);
    });

    it('refuses agency staff', () => {
      expect(permits(jstOfficer, sut, access, undefined).allowed).toBe(false);
    });
  });

  describe('lead scope', () => {
    const sut = rule('lead', ['program_director']);

    it('allows the role at the lead agency', () => {
      expect(permits(actor('pd', ['program_director', 'JST']), sut, access, undefined)).toEqual({ allowed: true });
    });

    it('refuses the role at the other participating agency', () => {
      expect(permits(actor('pd', ['program_director', 'NSF']), sut, access, undefined).allowed).toBe(false);
    });

    it('refuses another role at the lead agency', () => {
      expect(permits(jstOfficer, sut, access, undefined).allowed).toBe(false);
    });

    it('refuses the role at an agency not in the call', () => {
      expect(permits(actor('pd', ['program_director', 'DFG']), sut, access, undefined).allowed).toBe(false);
    });
  });

  describe('participant scope', () => {
    const sut = rule('participant', ['program_officer']);

    it('allows the role at the lead agency', () => {
      expect(permits(jstOfficer, sut, access, undefined).allowed).toBe(true);
    });

    it('allows the role at another participating agency', () => {
      expect(permits(nsfOfficer, sut, access, undefined).allowed).toBe(true);
    });

    it('refuses the role at an agency not in the call', () => {
      expect(permits(dfgOfficer, sut, access, undefined).allowed).toBe(false);
    });

    it('refuses another role at a participating agency', () => {
      expect(permits(actor('r1', ['reviewer', 'NSF']), sut, access, undefined).allowed).toBe(false);
    });
  });

  describe('event-agency scope', () => {
    const sut = rule('event-agency', ['program_officer', 'agency_officer']);

    it('fills in the agency when the actor holds the role at exactly one participating agency', () => {
      expect(permits(nsfOfficer, sut, access, undefined)).toEqual({ allowed: true, agency: 'NSF' });
    });

    it('fills in the participating agency when the actor also holds the role outside the call', () => {
      const both = actor('po', ['program_officer', 'NSF'], ['program_officer', 'DFG']);

      expect(permits(both, sut, access, undefined)).toEqual({ allowed: true, agency: 'NSF' });
    });

    it('refuses when the actor holds the role at no participating agency', () => {
      expect(permits(dfgOfficer, sut, access, undefined)).toEqual({ allowed: false });
    });

    it('refuses to guess when the actor holds the role at two participating agencies', () => {
      const both = actor('po', ['program_officer', 'JST'], ['agency_officer', 'NSF']);

      expect(permits(both, sut, access, undefined)).toEqual({ allowed: false, chooseFrom: ['JST', 'NSF'] });
    });

    it('allows an actor with the role at two agencies who names one of them', () => {
      const both = actor('po', ['program_officer', 'JST'], ['agency_officer', 'NSF']);

      expect(permits(both, sut, access, 'NSF')).toEqual({ allowed: true, agency: 'NSF' });
    });

    it('allows the actor to name the agency where it holds the role', () => {
      expect(permits(jstOfficer, sut, access, 'JST')).toEqual({ allowed: true, agency: 'JST' });
    });

    it('refuses an actor who names another agency than its own', () => {
      expect(permits(jstOfficer, sut, access, 'NSF')).toEqual({ allowed: false, agency: 'NSF' });
    });

    it('refuses an agency not in the call even when the actor holds the role there', () => {
      expect(permits(dfgOfficer, sut, access, 'DFG').allowed).toBe(false);
    });

    it('refuses an actor without the role at the named agency', () => {
      expect(permits(actor('pd', ['program_director', 'JST']), sut, access, 'JST').allowed).toBe(false);
    });
  });

  describe('administrators', () => {
    it('are allowed when the rule lists administrator, whatever the scope', () => {
      const sut = rule('lead', ['program_director', 'administrator']);

      expect(permits(administrator, sut, access, undefined)).toEqual({ allowed: true, agency: undefined });
    });

    it('are refused when the rule does not list administrator', () => {
      const sut = rule('participant', ['program_officer']);

      expect(permits(administrator, sut, access, undefined).allowed).toBe(false);
    });

    it('may cancel a call, whose rule lists administrator', () => {
      expect(permits(administrator, sicorpJointCallV1.events.CANCEL, access, undefined).allowed).toBe(true);
    });

    it('may not rule on eligibility, whose rule does not list administrator', () => {
      expect(permits(administrator, sicorpJointProposalV1.events.RULE_ELIGIBILITY, access, 'JST').allowed).toBe(false);
    });
  });

  describe('system-only events (timers, fan-outs)', () => {
    const systemRules = WORKFLOWS.flatMap((d) =>
      Object.entries(d.events)
        .filter(([, r]) => systemOnly(r))
        .map(([type, r]) => [`${d.id}@${d.version} ${type}`, r] as const),
    );
    const everyone = actor(
      'everyone',
      ['administrator', null],
      ...(['program_officer', 'program_director', 'agency_officer', 'board_member'] as Role[]).flatMap((r) => [
        [r, 'JST'] as [Role, string],
        [r, 'NSF'] as [Role, string],
      ]),
    );

    it('include the call cancellation reaching a proposal and the review overdue timer', () => {
      const names = systemRules.map(([name]) => name.split(' ')[1]);
      expect(names).toEqual(expect.arrayContaining(['CALL_CANCELLED', 'MARK_OVERDUE', 'CLOSE_REDRESS_WINDOW']));
    });

    it.each(systemRules)('refuse %s to every person, administrators included', (_name, eventRule) => {
      expect(permits(administrator, eventRule, access, undefined).allowed).toBe(false);
      expect(permits(everyone, eventRule, access, 'JST').allowed).toBe(false);
      expect(permits(SYSTEM_ACTOR, eventRule, access, undefined).allowed).toBe(true);
    });

    it('leave a timer the lead PD may also trigger by hand to the PD, not to an administrator', () => {
      const sut = { ...rule('lead', ['program_director', 'administrator']), system: true };
      expect(systemOnly(sut)).toBe(false);
      expect(permits(actor('pd', ['program_director', 'JST']), sut, access, undefined).allowed).toBe(true);
      expect(permits(administrator, sut, access, undefined).allowed).toBe(false);
    });
  });

  describe('the system', () => {
    it('is allowed any event on behalf of the workflow', () => {
      expect(permits(SYSTEM_ACTOR, rule('owner', ['applicant']), access, undefined)).toEqual({
        allowed: true,
        agency: undefined,
      });
    });

    it('keeps the agency it names', () => {
      expect(permits(SYSTEM_ACTOR, rule('event-agency', ['program_officer']), access, 'NSF')).toEqual({
        allowed: true,
        agency: 'NSF',
      });
    });
  });

  describe('outsiders', () => {
    const outsider = actor(
      'po-dfg',
      ['program_officer', 'DFG'],
      ['program_director', 'DFG'],
      ['board_member', 'DFG'],
      ['applicant', 'DFG'],
    );

    it.each(Object.entries(sicorpJointProposalV1.events))(
      'may not send %s on a proposal of a call their agency is not in',
      (_type, eventRule) => {
        expect(permits(outsider, eventRule, access, undefined).allowed).toBe(false);
      },
    );

    it.each(Object.entries(sicorpJointCallV1.events))(
      'may not send %s on a call their agency is not in',
      (_type, eventRule) => {
        expect(permits(outsider, eventRule, access, undefined).allowed).toBe(false);
      },
    );
  });

  describe('the real rules', () => {
    it('let the owning applicant submit a proposal', () => {
      expect(permits(owner, sicorpJointProposalV1.events.SUBMIT, access, undefined).allowed).toBe(true);
    });

    it('let each agency rule on its own party', () => {
      expect(permits(nsfOfficer, sicorpJointProposalV1.events.RULE_ELIGIBILITY, access, undefined)).toEqual({
        allowed: true,
        agency: 'NSF',
      });
    });

    it('let a board member of the lead agency approve the selected project', () => {
      const board = actor('b1', ['board_member', 'JST']);

      expect(permits(board, sicorpJointProposalV1.events.BOARD_APPROVE, access, undefined).allowed).toBe(true);
    });

    it('refuse the approval of the selected project to a board member of a partner agency', () => {
      const board = actor('b2', ['board_member', 'NSF']);

      expect(permits(board, sicorpJointProposalV1.events.BOARD_APPROVE, access, undefined).allowed).toBe(false);
    });
  });
});
