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

  it('shows a call cancelled while open as cancelled, its evaluation and board not reached, in both languages', () => {
    const call = callsAndProposals.find((w) => w.subject === 'call' && stagesOf(w).stages.includes('board'))!;
    const { of } = stagesOf(call);
    const open = [...of.entries()].find(([, s]) => s === 'open')![0];
    const announced = [...of.entries()].find(([, s]) => s === 'announced')![0];
    const ended = [...of.entries()].find(([, s]) => s === 'ended')![0];
    const history = [
      { event: 'ANNOUNCE', from: 'draft', to: announced },
      { event: 'OPEN', from: announced, to: open },
      { event: 'CANCEL', from: open, to: ended },
    ];
    const en = stageBar(translator('en'), call, ended, history).value;
    const ja = stageBar(translator('ja'), call, ended, history).value;
    expect(en).toMatch(/<li data-stage="open" class="done">Open/);
    expect(en).toMatch(
      /<li data-stage="evaluation" class="not-reached">Evaluation<span class="visually-hidden"> \(not reached\)/,
    );
    expect(en).toMatch(/<li data-stage="board" class="not-reached">/);
    expect(en).toMatch(/aria-current="step" class="ended-cancelled">Cancelled/);
    expect(ja).toMatch(/class="ended-cancelled">中止/);
    // Archived after its course: every stage done, no marker.
    const archived = stageBar(translator('en'), call, ended, [
      ...history.slice(0, 2),
      { event: 'CLOSE', from: open, to: 'x' },
      { event: 'ARCHIVE', from: 'x', to: ended },
    ]).value;
    expect(archived).not.toContain('not-reached');
  });
});
