import { BadRequestException, PipeTransform } from '@nestjs/common';
import type { ApiParamOptions } from '@nestjs/swagger';

/** The id parameter as the pipe reads it: a positive integer JavaScript holds exactly. */
export const SONG_ID: ApiParamOptions = {
  name: 'id',
  schema: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
};

/** Song ids are positive integers; anything else is the client's mistake, said in a 400. */
export class SongIdPipe implements PipeTransform<string, number> {
  constructor(private readonly field = 'id') {}

  transform(value: string): number {
    const id = /^[1-9]\d{0,15}$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(id)) {
      throw new BadRequestException(`${this.field} must be a positive integer, got "${value}"`);
    }
    return id;
  }
}
