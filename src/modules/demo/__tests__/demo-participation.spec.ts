import { jest } from '@jest/globals';
import { participationFigureProblems } from '../../calls/call-partnership.js';
import { demoFirstFiscalYear, demoParticipation, japaneseFiscalYear } from '../demo-participation.js';

const DAY = 24 * 60 * 60 * 1000;
const staff = { po: { userId: 'po', grants: [] }, pdUserId: 'pd' };

describe("the demo's fiscal years", () => {
  afterEach(() => jest.useRealTimers());

  it.each([
    // [now, the fiscal year the demo call opens in (the day before), the demo's first project year]
    ['2026-12-03T09:00:00Z', 2026, 2027],
    ['2028-03-30T00:00:00Z', 2027, 2028],
    // 2 April in Japan (still 1 April in UTC): the call opened on 1 April, in the new fiscal year.
    ['2028-04-01T15:30:00Z', 2028, 2029],
    ['2028-04-15T00:00:00Z', 2028, 2029],
    ['2031-01-10T00:00:00Z', 2030, 2031],
  ])('on %s the demo call opens in FY%i and its projects start in FY%i', (now, opening, first) => {
    jest.useFakeTimers({ now: new Date(now), doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval'] });
    const opensAt = new Date(Date.now() - DAY);
    expect(japaneseFiscalYear(opensAt)).toBe(opening);
    expect(demoFirstFiscalYear()).toBe(first);

    const event = demoParticipation('JST', staff, { perYear: 100, cap: 30, currency: 'JPY' });
    expect(event.envelopes.map((e) => e.fiscalYear)).toEqual([first, first + 1, first + 2, first + 3, first + 4]);
    // The call's own rule accepts them, even for the shortest project (one year), as the fixed
    // FY2027 no longer would from April 2028.
    const bounds = { openingFiscalYear: japaneseFiscalYear(opensAt), projectYears: 1, currency: 'JPY' };
    expect(participationFigureProblems(event, bounds)).toEqual([]);
  });

  it('no longer starts in FY2027 once FY2028 has begun', () => {
    jest.useFakeTimers({ now: new Date('2028-05-01T00:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    const event = demoParticipation('NSF', staff, { perYear: 100, cap: 30, currency: 'USD' });
    const bounds = { openingFiscalYear: 2028, projectYears: 3, currency: 'USD' };
    expect(participationFigureProblems({ envelopes: [{ fiscalYear: 2027 }] }, bounds)).not.toEqual([]);
    expect(participationFigureProblems(event, bounds)).toEqual([]);
    expect(event).toMatchObject({ jpyPerUnit: 150, appointees: ['po', 'pd'] });
  });
});
