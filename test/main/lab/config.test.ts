import { describe, expect, it } from 'vitest';
import { isLoopbackHost, labUrl, LabConfigError, resolveLabAccess, type LabAccessOptions } from '../../../src-main/lab/config.js';
import { tokensEqual } from '../../../src-main/lab/auth.js';
import { parseLabArgs } from '../../../src-main/lab/args.js';

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.20', false],
    ['10.0.0.1', false],
    ['example.com', false],
    ['127.0.0.1.evil.example', false],
    ['localhost.evil.example', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('resolveLabAccess', () => {
  it.each<[string, LabAccessOptions, RegExp]>([
    ['0.0.0.0 without --allow-remote', { host: '0.0.0.0' }, /--allow-remote/],
    [':: without --allow-remote', { host: '::' }, /--allow-remote/],
    ['a LAN IP without --allow-remote', { host: '192.168.0.7' }, /--allow-remote/],
    ['a short token on a remote host', { host: '0.0.0.0', allowRemote: true, token: 'abc' }, /at least 16/],
    ['a token with URL characters', { token: 'a b&c' }, /token:/],
    ['an empty token', { token: '' }, /token:/],
    ['a port out of range', { port: 70000 }, /port:/],
    ['a fractional port', { port: 1.5 }, /port:/],
  ])('refuses %s', (_name, opts, message) => {
    expect(() => resolveLabAccess(opts)).toThrow(LabConfigError);
    expect(() => resolveLabAccess(opts)).toThrow(message);
  });

  it.each<[string, LabAccessOptions, { host: string; port: number; token: string | null | RegExp; loopback: boolean }]>([
    ['defaults', {}, { host: '127.0.0.1', port: 0, token: null, loopback: true }],
    ['a token on loopback', { token: 'short' }, { host: '127.0.0.1', port: 0, token: 'short', loopback: true }],
    ['IPv6 loopback in brackets', { host: '[::1]', port: 8765 }, { host: '::1', port: 8765, token: null, loopback: true }],
    ['remote with --allow-remote', { host: '0.0.0.0', allowRemote: true }, { host: '0.0.0.0', port: 0, token: /^[0-9a-f]{64}$/, loopback: false }],
    [
      'remote with its own token',
      { host: '10.1.2.3', allowRemote: true, token: 'x'.repeat(20) },
      { host: '10.1.2.3', port: 0, token: 'x'.repeat(20), loopback: false },
    ],
  ])('accepts %s', (_name, opts, expected) => {
    const got = resolveLabAccess(opts);
    expect({ ...got, token: null }).toEqual({ ...expected, token: null });
    if (expected.token instanceof RegExp) expect(got.token).toMatch(expected.token);
    else expect(got.token).toBe(expected.token);
  });

  it('generates a different token each time', () => {
    const a = resolveLabAccess({ host: '0.0.0.0', allowRemote: true }).token;
    const b = resolveLabAccess({ host: '0.0.0.0', allowRemote: true }).token;
    expect(a).not.toBe(b);
  });
});

describe('labUrl and tokensEqual', () => {
  it.each([
    ['127.0.0.1', 80, null, 'http://127.0.0.1:80/'],
    ['::', 8765, 'ab', 'http://[::]:8765/?token=ab'],
    ['0.0.0.0', 1, 'cd', 'http://0.0.0.0:1/?token=cd'],
  ])('labUrl(%s, %i, %s) → %s', (host, port, token, url) => {
    expect(labUrl(host, port, token)).toBe(url);
  });

  it.each([
    ['same', 'abc', 'abc', true],
    ['different', 'abc', 'abd', false],
    ['prefix', 'ab', 'abc', false],
    ['empty', '', 'abc', false],
  ])('tokensEqual with %s strings → %s', (_name, a, b, expected) => {
    expect(tokensEqual(a, b)).toBe(expected);
  });
});

describe('parseLabArgs', () => {
  it.each<[string[], Record<string, unknown>]>([
    [[], { port: 0, allowRemote: false, runsDir: 'runs' }],
    [['--port', '8765', '--host', '0.0.0.0', '--allow-remote'], { port: 8765, host: '0.0.0.0', allowRemote: true }],
    [['--token', 'abc', '--runs-dir', '/tmp/r'], { token: 'abc', runsDir: '/tmp/r' }],
    [['--renderer-dir', 'build/r'], { rendererDir: 'build/r' }],
  ])('%j', (argv, expected) => {
    const r = parseLabArgs(argv, {});
    expect(r.help).toBe(false);
    if (!r.help) expect(r.options).toMatchObject(expected);
  });

  it('takes the runs folder from GRADIENT_LAB_RUNS_DIR when no flag is given', () => {
    const r = parseLabArgs([], { GRADIENT_LAB_RUNS_DIR: '/data/runs' });
    expect(!r.help && r.options.runsDir).toBe('/data/runs');
  });

  it.each([[['--port', 'x']], [['--port', '-1']], [['--port', '99999']], [['--bogus']], [['stray']]])('refuses %j', (argv) => {
    expect(() => parseLabArgs(argv, {})).toThrow(LabConfigError);
  });

  it('--help asks for help', () => {
    expect(parseLabArgs(['--help'], {})).toEqual({ help: true });
  });
});
