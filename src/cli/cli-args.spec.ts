import { parseCommand, UsageError } from './cli-args';

describe('parseCommand', () => {
  it('reads org create with its options', () => {
    expect(parseCommand(['org', 'create', '--name', 'Café', '--earn-rate', '1.5', '--timezone', 'Europe/Paris'])).toEqual({
      command: 'org create',
      name: 'Café',
      earnRate: '1.5',
      timezone: 'Europe/Paris',
    });
    expect(parseCommand(['org', 'create', '--name=Café'])).toEqual({ command: 'org create', name: 'Café', earnRate: undefined, timezone: undefined });
  });

  it('reads the key commands', () => {
    expect(parseCommand(['key', 'create', '--org', 'O', '--name', 'till 1'])).toEqual({ command: 'key create', org: 'O', name: 'till 1' });
    expect(parseCommand(['key', 'list', '--org', 'O'])).toEqual({ command: 'key list', org: 'O' });
    expect(parseCommand(['key', 'revoke', '--org', 'O', '--key-id', 'K'])).toEqual({ command: 'key revoke', org: 'O', keyId: 'K' });
  });

  it.each([
    [[]],
    [['org']],
    [['org', 'delete', '--org', 'O']],
    [['org', 'create']],
    [['key', 'create', '--org', 'O']],
    [['key', 'revoke', '--org', 'O']],
    [['key', 'list', '--org', 'O', '--name', 'x']],
    [['key', 'list', '--org']],
    [['key', 'list', '--org', 'O', '--verbose']],
  ])('refuses %p', (argv) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
  });
});
