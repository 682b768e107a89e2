import { addressProblem, parseAllowList, webhookUrlProblem } from '../webhook-target.js';

describe('webhook targets', () => {
  const none = parseAllowList('').allowList;

  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '100.64.0.1',
    '169.254.169.254',
    '0.0.0.0',
    '0.1.2.3',
    '224.0.0.1',
    '255.255.255.255',
    '192.0.2.1',
    '::1',
    '::',
    'fc00::1',
    'fd12::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '::127.0.0.1',
    '64:ff9b::a00:1',
    '2002:7f00:1::',
    '2001:db8::1',
  ])('refuses %s', (address) => {
    expect(addressProblem(address, none)).not.toBeNull();
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'accepts the public address %s',
    (address) => {
      expect(addressProblem(address, none)).toBeNull();
    },
  );

  it('accepts what the allow-list names: an address, a range, a host name', async () => {
    const { allowList, invalid } = parseAllowList('127.0.0.1, 10.20.0.0/16 hooks.intranet ::ffff:192.168.0.0/112');

    expect(invalid).toEqual([]);
    expect(addressProblem('127.0.0.1', allowList)).toBeNull();
    expect(addressProblem('127.0.0.2', allowList)).not.toBeNull();
    expect(addressProblem('10.20.255.1', allowList)).toBeNull();
    expect(addressProblem('10.21.0.1', allowList)).not.toBeNull();
    expect(addressProblem('192.168.3.4', allowList)).toBeNull();
    expect(await webhookUrlProblem('https://HOOKS.intranet./x', allowList)).toBeNull();
  });

  it('names the entries of the allow-list it cannot read', () => {
    expect(parseAllowList('10.0.0.0/33, 1.2.3, not a host!').invalid).toEqual(['10.0.0.0/33', '1.2.3', 'host!']);
  });

  it('refuses a URL by the address its name resolves to, and names why', async () => {
    expect(await webhookUrlProblem('http://localhost:8080/hooks', none)).toMatch(
      /^localhost resolves to a loopback address: webhooks go to public addresses only/,
    );
    expect(await webhookUrlProblem('http://[::ffff:7f00:1]/hooks', none)).toMatch(/is a loopback address/);
    expect(await webhookUrlProblem('ftp://93.184.215.14/', none)).toBe('must be an http:// or https:// URL');
  });
});
