import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ProtobufWriter, writeVarint } from './protobuf-writer';

/** A length-delimited field as protobuf frames it: tag, varint length, body. */
function field(number: number, body: Uint8Array): Buffer {
  const head = new Uint8Array(20);
  const end = writeVarint(head, writeVarint(head, 0, number * 8 + 2), body.length);
  return Buffer.concat([head.subarray(0, end), body]);
}

describe('ProtobufWriter', () => {
  it('writes any string as UTF-8, short or long, ASCII or not', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 140 }), fc.string({ unit: 'binary', maxLength: 140 })),
        fc.integer({ min: 1, max: 40 }),
        (value, number) => {
          // A small first buffer, so that writing grows it too.
          const writer = new ProtobufWriter(4);
          writer.string(number, value);
          writer.string(number, value);
          const one = field(number, Buffer.from(value, 'utf8'));
          expect(writer.written()).toEqual(Buffer.concat([one, one]));
        },
      ),
    );
  });

  it('writes hex as the bytes it spells, in either case', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 32 }), fc.boolean(), (bytes, upper) => {
        const hex = Buffer.from(bytes).toString('hex');
        const writer = new ProtobufWriter(4);
        writer.hexBytes(3, upper ? hex.toUpperCase() : hex);
        expect(writer.written()).toEqual(field(3, bytes));
      }),
    );
  });

  it('keeps the declared length for hex that is not all digits', () => {
    const writer = new ProtobufWriter();
    writer.hexBytes(1, '0a0bzz0c');
    expect(writer.written()).toEqual(Buffer.from([0x0a, 4, 0x0a, 0x0b, 0, 0]));
  });
});
