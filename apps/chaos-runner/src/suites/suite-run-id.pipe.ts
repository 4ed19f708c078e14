import { PipeTransform } from '@nestjs/common';
import { SuiteRunNotFoundError } from './suite-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Suite run ids are UUIDs: anything else names no run (a 404, not a database error). */
export class SuiteRunIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new SuiteRunNotFoundError(value);
    return value.toLowerCase();
  }
}
