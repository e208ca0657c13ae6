import { afterEach, describe, expect, it } from 'vitest';
import { frameAncestors, pageSecurityHeaders } from './csp.js';
import { harness } from '../test-support/harness.js';
import type { Harness } from '../test-support/harness.js';
import { loadServeConfig } from '../config.js';

let h: Harness;
afterEach(async () => h?.close());

describe('the editor page security headers', () => {
  it('scripts only from the runtime, no eval, no framing by default', async () => {
    h = await harness(); // no built editor: the fallback page
    for (const path of ['/', '/nope.js']) {
      const r = await h.app.request(path);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/(^|; )script-src 'self'(;|$)/);
      expect(csp).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
      expect(csp).toMatch(/(^|; )object-src 'none'(;|$)/);
      expect(csp).not.toContain('unsafe-eval');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('SLUICE_FRAME_ANCESTORS names who may frame it', async () => {
    const cfg = loadServeConfig({}, { SLUICE_FRAME_ANCESTORS: 'self https://admin.example.com' }, '/tmp');
    expect(cfg.frameAncestors).toEqual(["'self'", 'https://admin.example.com']);
    h = await harness({ frameAncestors: cfg.frameAncestors });
    const r = await h.app.request('/');
    expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://admin.example.com");
    expect(r.headers.get('x-frame-options')).toBeNull();
  });

  it('a source that is not one (a directive smuggled in) is refused at start', () => {
    expect(() => frameAncestors("https://a.example; script-src 'unsafe-inline'")).toThrow(/SLUICE_FRAME_ANCESTORS/);
    expect(() => frameAncestors('https://a.example/"x')).toThrow(/not a CSP source/);
    expect(frameAncestors(undefined)).toEqual(["'none'"]);
    expect(frameAncestors('https://*.example.com:8443, self')).toEqual(['https://*.example.com:8443', "'self'"]);
    expect(pageSecurityHeaders()['content-security-policy']).toContain("worker-src 'self'");
  });
});
