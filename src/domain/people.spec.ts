import { describe, expect, it } from 'vitest';
import { leadingPerson, type Person } from './people.js';

const person = (handle: string, name: string): [string, Person] => [handle, { handle, name, locale: 'en', timezone: 'UTC' }];
const directory = new Map([person('dave', 'Dave Davies'), person('bob', 'Bob Boberson'), person('mei', '王美')]);

describe('a person named at the start of a line', () => {
  it('takes the longest full name the words begin with, and leaves the rest as the text', () => {
    expect(leadingPerson(directory, 'Dave', 'Davies restart db')).toEqual({ typed: 'Dave Davies', text: 'restart db' });
    expect(leadingPerson(directory, 'dave', 'davies restart db')).toEqual({ typed: 'dave davies', text: 'restart db' });
    expect(leadingPerson(directory, 'dave', 'restart db')).toEqual({ typed: 'dave', text: 'restart db' });
    expect(leadingPerson(directory, 'mei', '检查复制延迟')).toEqual({ typed: 'mei', text: '检查复制延迟' });
  });

  it('never takes a name that would leave no text', () => {
    expect(leadingPerson(directory, 'Dave', 'Davies')).toEqual({ typed: 'Dave', text: 'Davies' });
  });
});
