import { Module } from '@nestjs/common';
import { InstrumentsController } from './instruments.controller';
import { InstrumentsRepository } from './instruments.repository';

@Module({ controllers: [InstrumentsController], providers: [InstrumentsRepository] })
export class InstrumentsModule {}
