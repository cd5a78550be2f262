import { describe, expect, it } from 'vitest';
import { emailRemoved, ipRemoved, Redactor } from '../../../src/importer/wxr/redact.js';

describe('removing addresses from text', () => {
  it('removes any e-mail address, wherever it stands', () => {
    const redactor = new Redactor();
    expect(redactor.redact('Mail jeff.o’neil+blog@mail.example.co.uk, or (ann@b.example).')).toBe(`Mail ${emailRemoved}, or (${emailRemoved}).`);
    expect(redactor.redact('no address @ all, a handle @someone and a.b@c')).toBe('no address @ all, a handle @someone and a.b@c');
  });

  it('removes the export’s IP addresses as whole tokens, and the item’s other private values as written', () => {
    const redactor = new Redactor();
    redactor.learn(['owner@site.example']);
    const item = redactor.forItem(['203.0.113.1', '2001:db8::1', 'odd address@local']);
    expect(item.redact('From 203.0.113.1. Not 203.0.113.10 nor 1203.0.113.1; v6 2001:db8::1; odd address@local')).toBe(
      `From ${ipRemoved}. Not 203.0.113.10 nor 1203.0.113.1; v6 ${ipRemoved}; ${emailRemoved}`,
    );
    // An IPv4 address seen in one item is removed from the next; the other values belong to their item.
    expect(redactor.forItem([]).redact('203.0.113.1 and 2001:db8::1')).toBe(`${ipRemoved} and 2001:db8::1`);
  });

  it('leaves a long run of letters, dots and hyphens around an "@" intact, and still finds an address after it', () => {
    const run = `${'a.b-'.repeat(20_000)}@`;
    expect(new Redactor().redact(`${run} x@y.example`)).toBe(`${run} ${emailRemoved}`);
  });
});
