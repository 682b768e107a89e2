import { InvalidEnvironmentError, validateEnv } from '../env.schema.js';

describe('PUBLIC_URL', () => {
  it('defaults from the address the service listens at, so links follow PORT', () => {
    expect(validateEnv({}).PUBLIC_URL).toBe('http://localhost:3000');
    expect(validateEnv({ PORT: '3456' }).PUBLIC_URL).toBe('http://localhost:3456');
    expect(validateEnv({ PORT: '3456', HOST: '192.0.2.7' }).PUBLIC_URL).toBe('http://192.0.2.7:3456');
    expect(validateEnv({ PORT: '3456', HOST: '::1' }).PUBLIC_URL).toBe('http://[::1]:3456');
  });

  it('is taken as given when set, without a trailing slash', () => {
    expect(validateEnv({ PORT: '3456', PUBLIC_URL: 'https://tandem.example.org/' }).PUBLIC_URL).toBe(
      'https://tandem.example.org',
    );
    expect(() => validateEnv({ PUBLIC_URL: 'tandem.example.org' })).toThrow(/PUBLIC_URL: must be a URL/);
  });

  it('is required in production, and must not be this machine there', () => {
    const production = { NODE_ENV: 'production', METRICS_ENABLED: 'false' };

    expect(() => validateEnv(production)).toThrow(InvalidEnvironmentError);
    expect(() => validateEnv(production)).toThrow(/PUBLIC_URL: is required in production/);
    expect(() => validateEnv({ ...production, PUBLIC_URL: 'http://127.0.0.1:3000' })).toThrow(
      /PUBLIC_URL: must be the address people reach the service at in production/,
    );
    expect(validateEnv({ ...production, PUBLIC_URL: 'https://tandem.example.org' }).PUBLIC_URL).toBe(
      'https://tandem.example.org',
    );
  });
});
