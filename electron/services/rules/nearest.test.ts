import { describe, expect, it } from 'vitest';
import { editDistance } from '../../../shared/edit-distance.js';
import { nearest } from './nearest.js';

describe('nearest catalogue values', () => {
  it('edit distance counts inserts, deletes and substitutions', () => {
    expect(editDistance('dataexportin', 'dataexporting')).toBe(1);
    expect(editDistance('pendingaproval', 'pendingapproval')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('keeps typos and prefixes, closest first; drops what is far', () => {
    const names = ['dataexporting', 'datachange', 'databaseexport', 'schemadesign'];
    expect(nearest('dataexportin', names, (n) => n)).toEqual(['dataexporting']);
    expect(nearest('datach', names, (n) => n)).toEqual(['datachange']);
    expect(nearest('quantumsync', names, (n) => n)).toEqual([]);
  });
});
