import { BadRequestException, PipeTransform } from '@nestjs/common';

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
