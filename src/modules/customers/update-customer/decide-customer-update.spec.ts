import { CustomerState, evolve, UNREGISTERED } from '../../customer-stream/customer-state';
import { decideCustomerUpdate } from './decide-customer-update';

const sophie: CustomerState = {
  ...UNREGISTERED,
  loyaltyCode: 'F55EA00D',
  name: 'Sophie',
  email: 'sophie@example.com',
  birthday: '1990-05-01',
  pointsBalance: 40,
  lifetimePoints: 90,
  version: 3,
};

describe('deciding a correction', () => {
  it('given a customer, when the email is corrected, then customer.updated with the new email only', () => {
    const { events, outcome } = decideCustomerUpdate({ email: 'sophie.martin@example.com' }, sophie);
    expect(events).toEqual([{ type: 'customer.updated', data: { email: 'sophie.martin@example.com' } }]);
    expect(outcome).toEqual({ changed: ['email'] });
    expect(events.reduce(evolve, sophie)).toEqual({ ...sophie, email: 'sophie.martin@example.com', version: 4 });
  });

  it('given a correction naming unchanged fields too, then only the fields that differ are recorded', () => {
    const { events, outcome } = decideCustomerUpdate({ name: 'Sophie', email: 'sophie@example.com', birthday: '1990-05-02' }, sophie);
    expect(events).toEqual([{ type: 'customer.updated', data: { birthday: '1990-05-02' } }]);
    expect(outcome.changed).toEqual(['birthday']);
  });

  it('given null for the email and the birthday, then they are removed', () => {
    const { events } = decideCustomerUpdate({ email: null, birthday: null }, sophie);
    expect(events).toEqual([{ type: 'customer.updated', data: { email: null, birthday: null } }]);
    expect(events.reduce(evolve, sophie)).toMatchObject({ email: null, birthday: null, name: 'Sophie' });
  });

  it('given the values the customer already has, then no event: nothing to record', () => {
    expect(decideCustomerUpdate({ name: 'Sophie', email: 'sophie@example.com' }, sophie)).toEqual({ events: [], outcome: { changed: [] } });
    expect(decideCustomerUpdate({ email: null }, { ...sophie, email: null })).toEqual({ events: [], outcome: { changed: [] } });
  });

  it('lists the changed fields in a fixed order, whatever the order sent', () => {
    expect(decideCustomerUpdate({ birthday: '2000-01-01', name: 'Sophie M' }, sophie).outcome.changed).toEqual(['name', 'birthday']);
  });
});
