import createClient from 'openapi-fetch';
import { FIRST_FISCAL_YEAR } from '../factories/fiscal-year.js';
import type { paths } from './tandem-api.js';

/**
 * A small client of the API typed only by the types openapi-typescript generates from
 * /api/docs-json (tandem-api.d.ts, regenerated and compared by test/e2e/api-contract.e2e-spec.ts).
 * It drives one proposal's lifecycle; every answer goes to `seen` to be checked against the document.
 */
export interface Answer {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: keyof paths;
  status: number;
  contentType: string | null;
  body: unknown;
}

export interface Tokens {
  programOfficer: string;
  counterpartOfficer: string;
  applicant: string;
  admin: string;
  /** A user of the lead agency holding the reviewer role, not yet in its pool. */
  reviewer: { email: string; token: string };
  /** The user ids each agency appoints for the co-owned call (its program officer). */
  appointees: { lead: string[]; counterpart: string[] };
}

export async function proposalLifecycle(
  baseUrl: string,
  agencies: { lead: string; counterpart: string; program: string },
  tokens: Tokens,
  seen: (a: Answer) => void,
) {
  const as = (token: string) => {
    const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
    client.use({
      async onResponse({ request, response, schemaPath }) {
        const text = await response.clone().text();
        const contentType = response.headers.get('content-type');
        seen({
          method: request.method.toLowerCase() as Answer['method'],
          path: schemaPath as keyof paths,
          status: response.status,
          contentType,
          body: text && contentType?.includes('json') ? JSON.parse(text) : text,
        });
        return undefined;
      },
    });
    return client;
  };
  const po = as(tokens.programOfficer);
  const counterpart = as(tokens.counterpartOfficer);
  const applicant = as(tokens.applicant);
  const admin = as(tokens.admin);
  const reviewer = as(tokens.reviewer.token);
  const day = 24 * 3600 * 1000;

  const created = await po.POST('/api/v1/calls', {
    body: {
      program: agencies.program,
      title: 'Typed-client joint call',
      agencies: [
        { code: agencies.lead, role: 'lead' },
        { code: agencies.counterpart, role: 'counterpart' },
      ],
      opensAt: new Date(Date.now() - day).toISOString(),
      submissionDeadline: new Date(Date.now() + 60 * day).toISOString(),
    },
  });
  if (!created.data) throw new Error(`call not created: ${JSON.stringify(created.error)}`);
  const callId: string = created.data.id;
  const callPath = { params: { path: { id: callId } } };
  // A co-owned call: each agency's program officer approves its own part before it is announced.
  const fiscalYears = [0, 1, 2, 3, 4].map((i) => FIRST_FISCAL_YEAR + i);
  await po.POST('/api/v1/calls/{id}/events', {
    ...callPath,
    body: {
      type: 'APPROVE_PARTICIPATION',
      envelopes: fiscalYears.map((fiscalYear) => ({ fiscalYear, amount: 100_000_000 })),
      capPerProjectPerYear: 30_000_000,
      appointees: tokens.appointees.lead,
    },
  });
  await counterpart.POST('/api/v1/calls/{id}/events', {
    ...callPath,
    body: {
      type: 'APPROVE_PARTICIPATION',
      envelopes: fiscalYears.map((fiscalYear) => ({ fiscalYear, amount: 700_000 })),
      capPerProjectPerYear: 200_000,
      appointees: tokens.appointees.counterpart,
      jpyPerUnit: 150,
    },
  });
  await po.POST('/api/v1/calls/{id}/events', { ...callPath, body: { type: 'ANNOUNCE' } });
  const opened = await po.POST('/api/v1/calls/{id}/events', {
    ...callPath,
    body: { type: 'OPEN' },
    headers: { 'If-Match': '"4"' },
  });
  const callState: string | undefined = opened.data?.state;

  const proposal = await applicant.POST('/api/v1/proposals', {
    body: {
      callId,
      title: 'Landslide early warning',
      abstract: 'Dense seismic arrays to warn of landslides after heavy rain.',
      durationMonths: 36,
      keywords: ['seismology'],
      parties: [
        {
          agency: agencies.lead,
          piName: 'Hanako Sato',
          piEmail: 'hanako@example.ac.jp',
          institution: 'Tohoku University',
          country: 'JP',
          budgetPerYear: [20_000_000, 20_000_000, 20_000_000],
        },
        {
          agency: agencies.counterpart,
          piName: 'Alex Smith',
          institution: 'University of Washington',
          country: 'US',
          budgetPerYear: [150_000, 150_000, 150_000],
        },
      ],
    },
    headers: { 'Idempotency-Key': `typed-client-${callId}` },
  });
  if (!proposal.data) throw new Error(`proposal not created: ${JSON.stringify(proposal.error)}`);
  const id: string = proposal.data.id;
  const path = { params: { path: { id } } };
  const withSchemas = await applicant.GET('/api/v1/proposals/{id}', {
    params: { path: { id }, query: { include: 'schema' } },
  });
  await applicant.POST('/api/v1/proposals/{id}/events', { ...path, body: { type: 'SUBMIT' } });
  await po.POST('/api/v1/proposals/{id}/events', { ...path, body: { type: 'START_ELIGIBILITY_CHECK' } });
  const refused = await po.POST('/api/v1/proposals/{id}/events', {
    ...path,
    body: { type: 'RULE_ELIGIBILITY', eligible: 'yes' as unknown as boolean },
  });
  await po.POST('/api/v1/proposals/{id}/events', { ...path, body: { type: 'RULE_ELIGIBILITY', eligible: true } });
  const ruled = await counterpart.POST('/api/v1/proposals/{id}/events', {
    ...path,
    body: { type: 'RULE_ELIGIBILITY', eligible: true, reasons: [] },
  });
  const stale = await po.POST('/api/v1/proposals/{id}/events', {
    ...path,
    body: { type: 'START_ELIGIBILITY_CHECK' },
    headers: { 'If-Match': '"1"' },
  });
  const history = await po.GET('/api/v1/proposals/{id}/history', { params: { path: { id }, query: { verify: true } } });
  await po.GET('/api/v1/proposals', { params: { query: { callId, sort: '-created', limit: 10 } } });
  await po.GET('/api/v1/calls/{id}', callPath);
  await po.GET('/api/v1/calls', { params: { query: { state: 'open' } } });
  await po.GET('/api/v1/calls/{id}/history', callPath);
  await applicant.GET('/api/v1/me/notifications', {});
  await applicant.POST('/api/v1/me/notifications/read-all', {});
  await admin.GET('/api/v1/agencies', {});
  await admin.GET('/api/v1/agencies/{code}', { params: { path: { code: agencies.lead } } });
  await admin.GET('/api/v1/programs', {});
  await admin.GET('/api/v1/programs/{code}', { params: { path: { code: agencies.program } } });
  await admin.GET('/api/v1/admin/notifications', { params: { query: { status: 'failed' } } });
  await po.GET('/api/v1/agencies/{code}/reviewers', { params: { path: { code: agencies.lead } } });
  await po.GET('/api/v1/assignments', { params: { query: { callId } } });
  await po.GET('/api/v1/proposals/{id}/reviews', path);
  await po.GET('/api/v1/proposals/{id}/panel', path);
  await po.PATCH('/api/v1/calls/{id}', {
    ...callPath,
    body: { panelDate: new Date(Date.now() + 90 * day).toISOString() },
  });

  // The joint review: the lead agency's pool, an invitation, the reviewer's acceptance.
  const pooled = await po.POST('/api/v1/agencies/{code}/reviewers', {
    params: { path: { code: agencies.lead } },
    body: {
      email: tokens.reviewer.email,
      name: 'Typed Reviewer',
      institution: 'Kyoto University',
      expertise: ['seismology'],
    },
  });
  const reviewerId = pooled.data?.id ?? '';
  await po.PATCH('/api/v1/agencies/{code}/reviewers/{id}', {
    params: { path: { code: agencies.lead, id: reviewerId } },
    body: { recentCoauthors: ['Jo Doe'] },
  });
  await po.POST('/api/v1/calls/{id}/assignments/proposed', { ...callPath, body: { agency: agencies.lead } });
  const invited = await po.POST('/api/v1/assignments', {
    body: { proposalId: id, reviewerId, agency: agencies.lead, dueAt: new Date(Date.now() + 30 * day).toISOString() },
  });
  const assignment = { params: { path: { id: invited.data?.id ?? '' } } };
  await reviewer.GET('/api/v1/assignments/{id}', assignment);
  const accepted = await reviewer.POST('/api/v1/assignments/{id}/events', {
    ...assignment,
    body: { type: 'ACCEPT', declaresNoConflict: true },
  });
  await reviewer.GET('/api/v1/assignments/{id}/history', assignment);
  await po.GET('/api/v1/calls/{id}/exports/assignments.csv', { ...callPath, parseAs: 'text' });
  await admin.POST('/api/v1/agencies', {
    body: {
      code: `T${Date.now().toString(36).toUpperCase().slice(-8)}`,
      name: 'Typed Agency',
      country: 'DE',
      currency: 'EUR',
    },
  });
  await admin.GET('/health', {});

  const missing = await admin.GET('/api/v1/proposals/{id}', {
    params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
  });

  return {
    callState,
    eventSchemas: withSchemas.data?.eventSchemas ?? {},
    state: ruled.data?.state,
    refusal: refused.error?.code,
    stale: stale.error?.code,
    verified: history.data?.verification?.valid,
    missing: missing.error?.code,
    assignment: accepted.data?.state,
  };
}
