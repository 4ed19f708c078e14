import { Arg, Copy, DockerfileParser, Env, From, Instruction, JSONInstruction, Label } from 'dockerfile-ast';
import { posix } from 'node:path';

/** One COPY as the image sees it: sources inside the stage (or build context) it reads, destination in the image. */
export interface CopyStep {
  readonly line: number;
  /** The stage copied from; the build context when undefined. */
  readonly fromStage?: string;
  /** Absolute paths in `fromStage`, or paths relative to the build context. */
  readonly sources: readonly string[];
  /** Absolute path in the image. */
  readonly destination: string;
  /** Whether the destination names a folder the sources go into (`./`, `dir/`, several sources). */
  readonly intoFolder: boolean;
}

export interface Command {
  /** JSON-array (exec) form: the program is PID 1 and receives signals itself, with no shell between. */
  readonly exec: boolean;
  readonly words: readonly string[];
}

interface StageState {
  workdir: string;
  user?: string;
  env: Record<string, string>;
  labels: Record<string, string>;
  argDefaults: Record<string, string>;
  exposed: string[];
  stopSignal?: string;
  runs: string[];
  copies: CopyStep[];
  entrypoint?: Command;
  cmd?: Command;
}

/** A stage with everything it inherits from the stages it is built on, applied in Docker's order. */
export interface ResolvedStage extends Readonly<StageState> {
  readonly name: string;
  /** The registry image at the root of its chain of stages. */
  readonly baseImage: string;
  /** Its own name and its ancestors' names, nearest first. */
  readonly lineage: readonly string[];
}

interface RawStage {
  name: string;
  from: string;
  instructions: Instruction[];
}

/** A Dockerfile read with dockerfile-ast, its stages resolved through their `FROM <stage>` chains. */
export class DockerfileModel {
  private readonly stages: RawStage[] = [];

  constructor(text: string) {
    const dockerfile = DockerfileParser.parse(text);
    for (const instruction of dockerfile.getInstructions()) {
      if (instruction instanceof From) {
        const name = instruction.getBuildStage() ?? String(this.stages.length);
        this.stages.push({ name, from: instruction.getImage() ?? '', instructions: [] });
      } else {
        this.stages.at(-1)?.instructions.push(instruction);
      }
    }
  }

  stageNames(): string[] {
    return this.stages.map((stage) => stage.name);
  }

  resolve(name: string): ResolvedStage {
    const chain: RawStage[] = [];
    let stage: RawStage | undefined = this.find(name);
    while (stage) {
      if (chain.includes(stage)) throw new Error(`stage ${stage.name} is built on itself`);
      chain.unshift(stage);
      const parent: string = stage.from;
      stage = this.stages.find((other) => other.name === parent);
    }
    return applyChain(name, chain);
  }

  private find(name: string): RawStage {
    const stage = this.stages.find((candidate) => candidate.name === name);
    if (!stage) throw new Error(`the Dockerfile has no stage named ${name}`);
    return stage;
  }
}

function applyChain(name: string, chain: RawStage[]): ResolvedStage {
  const state: StageState = { workdir: '/', env: {}, labels: {}, argDefaults: {}, exposed: [], runs: [], copies: [] };
  for (const stage of chain) {
    for (const instruction of stage.instructions) apply(state, instruction);
  }
  return { name, baseImage: chain[0].from, lineage: chain.map((stage) => stage.name).reverse(), ...state };
}

function apply(state: StageState, instruction: Instruction): void {
  const words = instruction.getArguments().map((argument) => argument.getValue());
  switch (instruction.getKeyword()) {
    case 'WORKDIR':
      state.workdir = posix.resolve(state.workdir, words.join(' '));
      break;
    case 'USER':
      state.user = words[0];
      break;
    case 'ENV':
      for (const property of (instruction as Env).getProperties()) {
        state.env[property.getName()] = property.getValue() ?? '';
      }
      break;
    case 'LABEL':
      for (const property of (instruction as Label).getProperties()) {
        state.labels[property.getName()] = property.getValue() ?? '';
      }
      break;
    case 'ARG': {
      const property = (instruction as Arg).getProperty();
      if (property) state.argDefaults[property.getName()] = property.getValue() ?? '';
      break;
    }
    case 'EXPOSE':
      state.exposed.push(...words);
      break;
    case 'STOPSIGNAL':
      state.stopSignal = words[0];
      break;
    case 'RUN':
      state.runs.push(instruction.getArgumentsContent() ?? '');
      break;
    case 'COPY':
    case 'ADD':
      state.copies.push(copyStep(instruction as Copy, words, state.workdir));
      break;
    case 'ENTRYPOINT':
      state.entrypoint = command(instruction as JSONInstruction, words);
      // Docker resets an inherited CMD when a stage sets its ENTRYPOINT.
      state.cmd = undefined;
      break;
    case 'CMD':
      state.cmd = command(instruction as JSONInstruction, words);
      break;
  }
}

function copyStep(instruction: Copy, words: string[], workdir: string): CopyStep {
  const sources = words.slice(0, -1);
  const target = words.at(-1) ?? '';
  return {
    line: instruction.getRange().start.line + 1,
    fromStage: instruction.getFromFlag()?.getValue() ?? undefined,
    sources,
    destination: posix.resolve(workdir, target),
    intoFolder: target.endsWith('/') || target === '.' || sources.length > 1,
  };
}

function command(instruction: JSONInstruction, words: string[]): Command {
  const exec = instruction.getOpeningBracket() !== null && instruction.getClosingBracket() !== null;
  return { exec, words: exec ? instruction.getJSONStrings().map((word) => word.getJSONValue()) : words };
}
