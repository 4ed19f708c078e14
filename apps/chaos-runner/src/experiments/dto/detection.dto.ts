import { ApiProperty } from '@nestjs/swagger';
import { DETECTION_PARTS, type DetectionBreakdown, type DetectionFloor, type DetectionPart } from '@scale/chaos';

// The parts of a detection, in the order an alert goes through them; the breakdown and the floor share them.
const PART_DESCRIPTIONS: Record<DetectionPart, { measured: string; floor: string }> = {
  effect: {
    measured: 'Injection → the fault in effect (the process exited, the hog ran, the zone was down)',
    floor: 'The fault taking effect, as measured: nothing can see it sooner',
  },
  scrape: {
    measured: 'Fault in effect → the first scrape whose samples show it',
    floor: 'One whole scrape interval: the fault may begin just after a scrape',
  },
  condition: {
    measured:
      "First scrape that shows the fault → the first scrape from which the rule's expression holds (its range filling, a restarted process starting up)",
    floor: "What the rule's expression needed once a scrape showed the fault, as measured",
  },
  evaluation: {
    measured: 'Condition holds → the rule evaluation that made the alert pending',
    floor: 'One whole evaluation interval: the sample may land just after an evaluation',
  },
  for: {
    measured: "Pending → firing: the rule's `for`, in whole evaluations",
    floor: "The rule's `for`, rounded up to whole evaluation intervals",
  },
  notification: {
    measured: "Firing → the notification in the ledger: Alertmanager's group wait and the webhook",
    floor:
      "Alertmanager's group_wait for the ledger's route, or its group_interval when the alert joined a group already notified",
  },
};

const part = (name: DetectionPart, nullable: boolean) =>
  ApiProperty({
    type: Number,
    nullable,
    description: `Seconds. ${nullable ? PART_DESCRIPTIONS[name].measured : PART_DESCRIPTIONS[name].floor}${nullable ? '; null when either moment could not be measured' : ''}`,
    example: name === 'for' ? 30 : 1.2,
  });

export class DetectionBreakdownDto implements DetectionBreakdown {
  @part('effect', true)
  effect!: number | null;
  @part('scrape', true)
  scrape!: number | null;
  @part('condition', true)
  condition!: number | null;
  @part('evaluation', true)
  evaluation!: number | null;
  @part('for', true)
  for!: number | null;
  @part('notification', true)
  notification!: number | null;
  // OpenAPI 3.0 takes a null of a nullable enum only when the enum lists it.
  @ApiProperty({
    enum: [...DETECTION_PARTS, null] as unknown as string[],
    nullable: true,
    description: 'The longest part; null when none was measured',
  })
  largest!: DetectionPart | null;
}

export class DetectionFloorDto implements DetectionFloor {
  @part('effect', false)
  effect!: number;
  @part('scrape', false)
  scrape!: number;
  @part('condition', false)
  condition!: number;
  @part('evaluation', false)
  evaluation!: number;
  @part('for', false)
  for!: number;
  @part('notification', false)
  notification!: number;
  @ApiProperty({
    description:
      'Seconds: the sum of the parts, the longest a detection takes when nothing but these delays it (alignments counted at their worst)',
    example: 34.2,
  })
  total!: number;
}
