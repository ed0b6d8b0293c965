import { evolve, UNREGISTERED } from '../../customer-stream/customer-state';
import { decideRegistration } from './decide-registration';

describe('deciding a registration', () => {
  it('when a customer registers, then customer.registered with the chosen code and the personal data', () => {
    const events = decideRegistration({ name: 'Sophie', email: 'sophie@example.com', birthday: '1990-05-01' }, 'A1B2C3D4');
    expect(events).toEqual([
      { type: 'customer.registered', data: { loyalty_code: 'A1B2C3D4', name: 'Sophie', email: 'sophie@example.com', birthday: '1990-05-01' } },
    ]);
    expect(events.reduce(evolve, UNREGISTERED)).toMatchObject({ loyaltyCode: 'A1B2C3D4', name: 'Sophie', pointsBalance: 0, version: 1 });
  });
});
