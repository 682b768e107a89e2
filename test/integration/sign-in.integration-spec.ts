import { SessionsService } from '../../src/modules/auth/sessions.service.js';
import { SignInService } from '../../src/modules/auth/sign-in.service.js';
import { Factory, type Person } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PASSWORD, withPassword } from '../support/browser.js';

describe('sign-in with lock-out, and sessions', () => {
  let app: TestApp;
  let factory: Factory;
  let sut: SignInService;
  beforeAll(async () => {
    app = await startTestApp();
    factory = new Factory(app.app);
    sut = app.app.get(SignInService);
  });
  afterAll(() => app.close());

  const someone = async (): Promise<Person> =>
    withPassword(app, await factory.person('reviewer', await factory.agency()));
  const lockState = async (p: Person) =>
    (
      await app.dataSource.query(
        `SELECT failed_sign_ins AS failures, coalesce(locked_until > now(), false) AS locked FROM users WHERE id = $1`,
        [p.userId],
      )
    )[0];

  it('signs in with the right password and resets the failure count', async () => {
    const person = await someone();
    await sut.signIn(person.email, 'wrong');

    const outcome = await sut.signIn(person.email.toUpperCase(), PASSWORD);

    expect(outcome).toEqual({ ok: true, userId: person.userId });
    expect(await lockState(person)).toEqual({ failures: 0, locked: false });
  });

  it('locks the account at the fifth failure in a row, also when they arrive together', async () => {
    const person = await someone();

    await Promise.all(Array.from({ length: 5 }, () => sut.signIn(person.email, 'wrong')));

    expect((await lockState(person)).locked).toBe(true);
    expect(await sut.signIn(person.email, PASSWORD)).toEqual({ ok: false, reason: 'locked' });
  });

  it('lets the account in again once the lock has passed', async () => {
    const person = await someone();
    for (let i = 0; i < 5; i++) await sut.signIn(person.email, 'wrong');
    await app.dataSource.query(
      `UPDATE users SET locked_until = now() - interval '1 second', last_failed_sign_in_at = now() - interval '16 minutes' WHERE id = $1`,
      [person.userId],
    );

    expect(await sut.signIn(person.email, PASSWORD)).toEqual({ ok: true, userId: person.userId });
  });

  it('counts a failure long after the previous one as the first of a new series', async () => {
    const person = await someone();
    for (let i = 0; i < 4; i++) await sut.signIn(person.email, 'wrong');
    await app.dataSource.query(`UPDATE users SET last_failed_sign_in_at = now() - interval '1 hour' WHERE id = $1`, [
      person.userId,
    ]);

    await sut.signIn(person.email, 'wrong');

    expect(await lockState(person)).toEqual({ failures: 1, locked: false });
  });

  it('refuses users without a password and unknown addresses alike', async () => {
    const tokenOnly = await factory.person('reviewer', await factory.agency());

    expect(await sut.signIn(tokenOnly.email, 'anything at all')).toEqual({ ok: false, reason: 'invalid' });
    expect(await sut.signIn('nobody@nowhere.example', 'anything at all')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('keeps only a hash of the session secret, and forgets expired sessions', async () => {
    const sessions = app.app.get(SessionsService);
    const person = await someone();
    const secret = await sessions.start(person.userId);

    const found = await sessions.find(secret);
    const stored = await app.dataSource.query(`SELECT id FROM user_sessions WHERE user_id = $1`, [person.userId]);
    await app.dataSource.query(`UPDATE user_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
      person.userId,
    ]);
    const expired = await sessions.find(secret);
    await sessions.sweep();

    expect(found).toMatchObject({
      userId: person.userId,
      actor: { userId: person.userId, grants: [{ role: 'reviewer' }] },
    });
    expect(stored).toHaveLength(1);
    expect(stored[0].id).not.toBe(secret);
    expect(expired).toBeNull();
    expect(await app.dataSource.query(`SELECT 1 FROM user_sessions WHERE user_id = $1`, [person.userId])).toEqual([]);
  });
});
