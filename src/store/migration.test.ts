import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { applyMigrations, type Migration } from './migration.js';
import { StoreError } from './store-error.js';

const first: Migration = { version: 1, name: 'first', up: (db) => db.exec('CREATE TABLE a (x INTEGER)') };
const second: Migration = { version: 2, name: 'second', up: (db) => db.exec('ALTER TABLE a ADD COLUMN y TEXT') };
const failing: Migration = {
  version: 2,
  name: 'failing',
  up: (db) => db.exec('ALTER TABLE no_such_table ADD COLUMN y TEXT'),
};

function tables(db: Database.Database): unknown[] {
  return db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
}

describe('applyMigrations', () => {
  it('applies pending migrations in order and records the version', () => {
    const db = new Database(':memory:');
    applyMigrations(db, [first], 'mem');
    assert.equal(db.pragma('user_version', { simple: true }), 1);
    applyMigrations(db, [first, second], 'mem');
    assert.equal(db.pragma('user_version', { simple: true }), 2);
    assert.deepEqual(db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('a'), ['x', 'y']);
    db.close();
  });

  it('is a no-op when the database is current', () => {
    const db = new Database(':memory:');
    applyMigrations(db, [first, second], 'mem');
    applyMigrations(db, [first, second], 'mem');
    assert.equal(db.pragma('user_version', { simple: true }), 2);
    db.close();
  });

  it('rolls back every pending migration when one fails, and rethrows its error', () => {
    const db = new Database(':memory:');
    assert.throws(() => applyMigrations(db, [first, failing], 'mem'), /no such table/);
    assert.equal(db.pragma('user_version', { simple: true }), 0);
    assert.deepEqual(tables(db), []);
    db.close();
  });

  it('refuses a database newer than the code', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 5');
    assert.throws(
      () => applyMigrations(db, [first], 'some/path.db'),
      (error: unknown) =>
        error instanceof StoreError && error.code === 'E_STORE_VERSION' && error.message.includes('some/path.db'),
    );
    db.close();
  });

  it('rejects a misnumbered migration list', () => {
    const db = new Database(':memory:');
    assert.throws(() => applyMigrations(db, [second], 'mem'), /expected 1/);
    db.close();
  });
});
