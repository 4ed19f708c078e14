/**
 * Text Postgres can store: neither `text` nor `jsonb` holds the NUL character (U+0000), so a string
 * with one would fail at the database as a 500. Every string a request hands to storage carries this
 * pattern, in its validation and in its published schema, and such a request is a 400 instead.
 */
// eslint-disable-next-line no-control-regex -- NUL is the character refused
export const STORABLE_TEXT = /^[^\u0000]*$/;

export const STORABLE_TEXT_MESSAGE = 'must not contain NUL characters (U+0000)';
