import { WORKFLOWS } from '../../../workflows/index.js';
import { translator } from '../i18n/i18n.js';
import { stageBar, stagesOf } from '../workflow/stage-bar.js';

describe('the stage bar of calls and proposals', () => {
  const callsAndProposals = WORKFLOWS.filter((w) => w.subject === 'call' || w.subject === 'proposal');

  it.each(callsAndProposals.map((w) => [`${w.id}@${w.version}`, w] as const))(
    'puts every state of %s in a stage, the initial one first, with at least three stages',
    (_, definition) => {
      const { stages, of } = stagesOf(definition);
      const initial = (definition.machine.config as { initial?: string }).initial;
      expect(stages.length).toBeGreaterThanOrEqual(3);
      expect([...of.values()].every((s) => stages.includes(s))).toBe(true);
      if (initial && of.has(initial)) expect(of.get(initial)).toBe(stages[0]);
    },
  );

  it('marks the current stage and the ones before it as done, in words in both languages', () => {
    const proposal = callsAndProposals.find((w) => w.subject === 'proposal')!;
    const { stages, of } = stagesOf(proposal);
    const reviewing = [...of.entries()].find(([, s]) => s === 'review')![0];
    const en = stageBar(translator('en'), proposal, reviewing).value;
    const ja = stageBar(translator('ja'), proposal, reviewing).value;
    expect(en).toMatch(/<li data-stage="review" aria-current="step">Review/);
    expect(en).toMatch(/<li data-stage="submitted" class="done">Submitted/);
    expect(ja).toMatch(/aria-current="step">査読/);
    expect(stages.indexOf('review')).toBeGreaterThan(stages.indexOf('submitted'));
  });

  it.each(
    callsAndProposals.filter((w) => stagesOf(w).of.has('waitlisted')).map((w) => [`${w.id}@${w.version}`, w] as const),
  )('shows a waitlisted proposal of %s in selection, not decided (it may still be promoted)', (_, definition) => {
    const { of } = stagesOf(definition);
    expect(of.get('waitlisted')).toBe('selection');
    expect(of.get('rejected')).toBe('decided');
    const en = stageBar(translator('en'), definition, 'waitlisted').value;
    expect(en).toMatch(/<li data-stage="selection" aria-current="step">/);
    expect(en).toMatch(/<li data-stage="decided">/);
  });
});
