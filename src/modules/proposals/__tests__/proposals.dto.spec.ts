import { DomainException } from '../../../common/domain.exception.js';
import { validationPipe } from '../../../common/validation.js';
import { UpdateProposalDto } from '../proposals.dto.js';

const draft = {
  title: 'Early warning of landslides',
  abstract: 'Dense seismic arrays.',
  durationMonths: 36,
  parties: [
    { agency: 'JST', piName: 'Hanako Sato', institution: 'Tohoku University', country: 'JP', budgetPerYear: [1, 2] },
  ],
};

const validate = (body: unknown) =>
  validationPipe.transform(body, { type: 'body', metatype: UpdateProposalDto }) as Promise<UpdateProposalDto>;

const fieldsOf = async (body: unknown): Promise<string[]> => {
  try {
    await validate(body);
    return [];
  } catch (e) {
    if (!(e instanceof DomainException)) throw e;
    return ((e.extensions.errors ?? []) as { field: string }[]).map((f) => f.field);
  }
};

describe('UpdateProposalDto (CreateProposalDto without callId and kind)', () => {
  it('takes a draft with its parties as typed objects', async () => {
    const sut = await validate(draft);

    expect(sut).toBeInstanceOf(UpdateProposalDto);
    expect(sut.parties[0].budgetPerYear).toEqual([1, 2]);
  });

  it("checks each party's fields as on creation", async () => {
    const fields = await fieldsOf({ ...draft, parties: [{ ...draft.parties[0], country: 'Japan' }] });

    expect(fields.some((f) => f.startsWith('parties.0.country'))).toBe(true);
  });

  it('refuses the fields an edit cannot change: the call and the kind', async () => {
    const fields = await fieldsOf({ ...draft, callId: '6f1c1d9e-1c1a-4c63-9d1b-1f1e1a1b1c1d', kind: 'workshop' });

    expect(fields).toEqual(expect.arrayContaining(['callId', 'kind']));
  });
});
