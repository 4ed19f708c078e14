import { describe, expect, it } from 'vitest';
import { sqlOperationName } from './sql-operation';

describe('sqlOperationName', () => {
  it('names a statement by its first keyword, upper-cased', () => {
    expect(sqlOperationName('select 1')).toBe('SELECT');
    expect(sqlOperationName('SELECT * FROM songs')).toBe('SELECT');
    expect(sqlOperationName('insert into songs (bucket) values ($1)')).toBe('INSERT');
    expect(sqlOperationName('Update extraction_jobs set attempts = 1')).toBe('UPDATE');
    expect(sqlOperationName('delete from extraction_jobs where id = any($1)')).toBe('DELETE');
    expect(sqlOperationName('with held as (delete from x returning id) insert into y select * from held')).toBe('WITH');
    expect(sqlOperationName('START TRANSACTION')).toBe('START');
    expect(sqlOperationName('COMMIT')).toBe('COMMIT');
    expect(sqlOperationName('ROLLBACK TO SAVEPOINT typeorm_1')).toBe('ROLLBACK');
  });

  it('looks past leading whitespace, parentheses and comments', () => {
    expect(sqlOperationName('\n\t  select 1')).toBe('SELECT');
    expect(sqlOperationName('(select 1) union (select 2)')).toBe('SELECT');
    expect(sqlOperationName('-- the queue\nselect count(*) from extraction_jobs')).toBe('SELECT');
    expect(sqlOperationName('/* worker 3 */ update extraction_jobs set locked_by = null')).toBe('UPDATE');
    expect(sqlOperationName('/* a */ -- b\n /* c */ delete from songs')).toBe('DELETE');
  });

  it('keeps the label bounded: anything it does not know is OTHER', () => {
    expect(sqlOperationName('')).toBe('OTHER');
    expect(sqlOperationName('   ')).toBe('OTHER');
    expect(sqlOperationName('-- only a comment')).toBe('OTHER');
    expect(sqlOperationName('/* unterminated select')).toBe('OTHER');
    expect(sqlOperationName('selectify everything')).toBe('OTHER');
    expect(sqlOperationName('frobnicate songs')).toBe('OTHER');
    expect(sqlOperationName("'; drop table songs; --")).toBe('OTHER');
  });
});
