import { PipeTransform } from '@nestjs/common';
import { ExperimentNotFoundError } from './experiment-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Experiment ids are UUIDs: anything else names no experiment (a 404, not a database error). */
export class ExperimentIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new ExperimentNotFoundError(value);
    return value.toLowerCase();
  }
}
