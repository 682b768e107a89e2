import { DomainException, ErrorCode } from '../../src/common/domain.exception.js';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * What a console form's event costs the engine: the workflow it runs (to read the form) and the
 * transition, with no view built for either, since the page is read again after the redirect.
 */
describe("a console form's event through the engine", () => {
  let app: TestApp;
  let factory: Factory;
  let world: World;

  beforeAll(async () => {
    app = await startTestApp();
    factory = new Factory(app.app);
    world = await factory.world();
  });
  afterAll(() => app.close());

  const applicant = () => world.people[world.lead].applicant;

  it('names the workflow an instance runs to one who sees it, as its view does', async () => {
    const id = await factory.proposal(world);

    const sut = await app.engine.workflowOf('proposal', id, applicant().actor);

    expect(sut).toBe((await app.engine.read('proposal', id, applicant().actor)).workflow);
  });

  it('answers 404 to one who may not see the instance, as a read does', async () => {
    const id = await factory.proposal(world);

    const refusal = await app.engine.workflowOf('proposal', id, world.outsider.actor).catch((e: unknown) => e);

    expect(refusal).toBeInstanceOf(DomainException);
    expect((refusal as DomainException).code).toBe(ErrorCode.NotFound);
  });

  it('sends the event through the pipeline and answers the transition without a view', async () => {
    const id = await factory.proposal(world);

    const sut = await app.engine.sendWithoutView({
      subjectType: 'proposal',
      instanceId: id,
      body: { type: 'SUBMIT' },
      actor: applicant().actor,
    });

    expect(sut).not.toHaveProperty('instance');
    expect(sut.transition).toMatchObject({ event: 'SUBMIT', to: 'submitted' });
    expect((await app.engine.read('proposal', id, applicant().actor)).state).toBe('submitted');
  });

  it('sends a second identical event to a refusal that changes nothing', async () => {
    const id = await factory.proposal(world);
    const send = () =>
      app.engine.sendWithoutView({
        subjectType: 'proposal',
        instanceId: id,
        body: { type: 'SUBMIT' },
        actor: applicant().actor,
      });
    await send();
    const before = await app.engine.history('proposal', id, applicant().actor, false);

    const refusal = await send().catch((e: unknown) => e);

    expect(refusal).toBeInstanceOf(DomainException);
    expect(await app.engine.history('proposal', id, applicant().actor, false)).toEqual(before);
  });
});
