import { sqlParams } from '../sql-params.js';

describe('sqlParams', () => {
  it('numbers each value after those already bound', () => {
    const sut = sqlParams(['call-1']);
    expect(sut.param(['a', 'b'])).toBe('$2');
    expect(sut.param(3)).toBe('$3');
    expect(sut.params).toEqual(['call-1', ['a', 'b'], 3]);
  });

  it('starts at $1 with nothing bound', () => {
    const sut = sqlParams();
    expect(sut.param('x')).toBe('$1');
    expect(sut.params).toEqual(['x']);
  });
});
