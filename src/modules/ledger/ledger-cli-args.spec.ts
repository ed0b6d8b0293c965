import { parseLedgerCommand, UsageError } from './ledger-cli-args';

const ORG = '3F2504E0-4F89-41D3-9A0C-0305E82C3301';

describe('parseLedgerCommand', () => {
  it.each([
    [['verify'], { command: 'verify', organizationId: undefined }],
    [['verify', '--org', ORG], { command: 'verify', organizationId: ORG.toLowerCase() }],
    [['verify', '--workers', '3'], { command: 'verify', organizationId: undefined, workers: 3 }],
    [['rebuild', `--org=${ORG}`], { command: 'rebuild', organizationId: ORG.toLowerCase() }],
    [['export', '--org', ORG], { command: 'export', organizationId: ORG.toLowerCase(), after: 0 }],
    [['export', '--org', ORG, '--after', '250'], { command: 'export', organizationId: ORG.toLowerCase(), after: 250 }],
  ])('reads %p', (argv, expected) => {
    expect(parseLedgerCommand(argv)).toEqual(expected);
  });

  it.each([
    [[], /No command/],
    [['audit'], /Unknown command "audit"/],
    [['verify', 'now'], /Unexpected argument "now"/],
    [['verify', '--org', 'acme'], /--org must be/],
    [['verify', '--after', '3'], /takes no --after/],
    [['rebuild', '--workers', '2'], /takes no --workers/],
    [['verify', '--workers', '0'], /--workers must be/],
    [['verify', '--workers', '65'], /--workers must be/],
    [['verify', '--workers', '1.5'], /--workers must be/],
    [['export'], /needs --org/],
    [['export', '--org', ORG, '--after=-1'], /--after must be/],
    [['export', '--org', ORG, '--after', '1.5'], /--after must be/],
    [['export', '--org', ORG, '--since', '3'], /Unknown option/],
  ])('refuses %p', (argv, message) => {
    expect(() => parseLedgerCommand(argv)).toThrow(UsageError);
    expect(() => parseLedgerCommand(argv)).toThrow(message);
  });
});
