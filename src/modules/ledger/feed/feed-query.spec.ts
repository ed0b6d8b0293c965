import { InvalidRequestError } from '../../../common/errors/api-error';
import { parseFeedQuery } from './feed-query';

describe('parseFeedQuery', () => {
  it('defaults to the start of the ledger, 100 events', () => {
    expect(parseFeedQuery({})).toEqual({ after: 0, limit: 100 });
  });

  it.each([
    [
      { after: '0', limit: '1' },
      { after: 0, limit: 1 },
    ],
    [
      { after: '250', limit: '1000' },
      { after: 250, limit: 1000 },
    ],
    [{ after: '9007199254740991' }, { after: 9007199254740991, limit: 100 }],
  ])('reads %p', (query, expected) => {
    expect(parseFeedQuery(query)).toEqual(expected);
  });

  it('ignores other parameters', () => {
    expect(parseFeedQuery({ after: '5', cursor: 'x' })).toEqual({ after: 5, limit: 100 });
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '1001' }, 'limit'],
    [{ limit: '-1' }, 'limit'],
    [{ limit: '1.5' }, 'limit'],
    [{ limit: '1e2' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ limit: '' }, 'limit'],
    [{ limit: ['1', '2'] }, 'limit'],
    [{ after: '-1' }, 'after'],
    [{ after: '+1' }, 'after'],
    [{ after: ' 1' }, 'after'],
    [{ after: '9007199254740992' }, 'after'],
  ])('refuses %p, naming %s', (query, field) => {
    expect(() => parseFeedQuery(query)).toThrow(InvalidRequestError);
    try {
      parseFeedQuery(query);
    } catch (error) {
      expect((error as InvalidRequestError).details).toEqual([{ field, message: expect.any(String) }]);
    }
  });

  it('names every bad field', () => {
    expect(() => parseFeedQuery({ after: 'x', limit: 'y' })).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ field: 'after' }), expect.objectContaining({ field: 'limit' })] }),
    );
  });
});
