import { PROGRAMS, WORKFLOWS, agencyViolations, programByCode, regionOf, workflowKey } from '../index.js';

const registered = new Map(WORKFLOWS.map((d) => [workflowKey(d), d.subject]));

describe('program catalog', () => {
  it('holds the seven programs of the seeds and IRCC workshop support, each once', () => {
    expect(PROGRAMS.map((p) => p.code).sort()).toEqual([
      'belmont-forum',
      'chirp',
      'concert-japan',
      'e-asia-jrp',
      'ircc-research-unit',
      'ircc-workshop-support',
      'j-rapid',
      'sicorp-bilateral',
    ]);
  });

  it.each(PROGRAMS.map((p) => [p.code, p] as const))(
    '%s names registered workflows of the right subject',
    (_code, program) => {
      expect(registered.get(program.workflows.call)).toBe('call');
      expect(registered.get(program.workflows.proposal)).toBe('proposal');
      for (const [role, key] of Object.entries(program.workflows))
        expect([role, registered.has(key)]).toEqual([role, true]);
    },
  );

  it.each(PROGRAMS.map((p) => [p.code, p] as const))('%s has coherent limits', (_code, program) => {
    expect(program.durationMonths.min).toBeLessThanOrEqual(program.durationMonths.max);
    if (program.agencies.max !== null) expect(program.agencies.min).toBeLessThanOrEqual(program.agencies.max);
    const { min, max } = program.jstBudgetPerYear;
    if (min !== null && max !== null) expect(min).toBeLessThanOrEqual(max);
  });

  it('keeps the seed figures of the bilateral program', () => {
    expect(programByCode('sicorp-bilateral')).toMatchObject({
      durationMonths: { min: 36, max: 60 },
      jstBudgetPerYear: { min: 5_000_000, max: 100_000_000 },
    });
  });
});

describe('agency rules', () => {
  const concert = programByCode('concert-japan')!;

  it('accepts JST with two European funders under CONCERT-Japan', () => {
    const agencies = [
      { code: 'JST', country: 'JP' },
      { code: 'DFG', country: 'DE' },
      { code: 'ANR', country: 'FR' },
    ];

    expect(agencyViolations(concert, agencies)).toEqual([]);
  });

  it('refuses a CONCERT-Japan call with one European funder', () => {
    const agencies = [
      { code: 'JST', country: 'JP' },
      { code: 'DFG', country: 'DE' },
      { code: 'NSF', country: 'US' },
    ];

    expect(agencyViolations(concert, agencies)).toEqual([
      'program concert-japan needs at least 2 agencies from europe; the call has 1',
    ]);
  });

  it('refuses a Belmont Forum call of fewer than three countries and without JST', () => {
    const agencies = [
      { code: 'NSF', country: 'US' },
      { code: 'NIH', country: 'US' },
      { code: 'DFG', country: 'DE' },
    ];

    expect(agencyViolations(programByCode('belmont-forum')!, agencies)).toEqual([
      'program belmont-forum calls always include JST',
      'program belmont-forum needs agencies of at least 3 countries; the call has 2',
    ]);
  });

  it('places countries in their region', () => {
    expect([regionOf('de'), regionOf('TH'), regionOf('US'), regionOf('ZA')]).toEqual([
      'europe',
      'asia',
      'americas',
      'africa',
    ]);
  });
});
