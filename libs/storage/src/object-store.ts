import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Readable } from 'node:stream';

export interface ObjectStoreOptions {
  readonly endpoint?: string;
  readonly region: string;
  readonly forcePathStyle: boolean;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Sockets kept open to the store; one per concurrent reader is enough. */
  readonly maxSockets?: number;
  /** Told of every request when it ends, for metrics (the store itself knows nothing of Prometheus). */
  readonly onRequest?: ObjectStoreRequestListener;
}

/**
 * One request to the store: its S3 operation (`GetObject`, `ListObjectsV2`, ...), `error` when it
 * failed as a store failure (what `ObjectStoreError` reports; a missing object is an answer, not a
 * failure), and its duration, SDK retries included and, for a read, the body read to its end.
 */
export type ObjectStoreRequestListener = (operation: string, outcome: 'ok' | 'error', seconds: number) => void;

export interface StoredObject {
  readonly key: string;
  /** Without the quotes S3 puts around it. */
  readonly etag: string;
  readonly size: number;
}

export type ReadResult =
  | { readonly kind: 'read'; readonly etag: string; readonly bytes: Uint8Array }
  | { readonly kind: 'too-large'; readonly etag: string; readonly size: number }
  | { readonly kind: 'missing' };

/** A store failure that a later attempt may not see: network, throttling, 5xx. */
export class ObjectStoreError extends Error {
  override readonly name = 'ObjectStoreError';
}

export function unquoteEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^(W\/)?"|"$/g, '');
}

/** The few S3 operations Scale needs, over any S3-speaking server. */
export class ObjectStore {
  readonly client: S3Client;
  private readonly onRequest: ObjectStoreRequestListener | undefined;

  constructor(options: ObjectStoreOptions) {
    this.onRequest = options.onRequest;
    const maxSockets = options.maxSockets ?? 64;
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      // The SDK retries throttling and 5xx itself; the extractor's own backoff handles longer outages.
      maxAttempts: 3,
      // Plain options: the SDK builds its Node handler from them.
      requestHandler: {
        httpAgent: new Agent({ keepAlive: true, maxSockets }),
        httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
        connectionTimeout: 5_000,
        requestTimeout: 30_000,
      },
    });
  }

  /** Every object under `prefix`, one listing page at a time. */
  async *listPages(bucket: string, prefix = '', pageSize = 1000): AsyncGenerator<StoredObject[]> {
    let token: string | undefined;
    do {
      const page = await this.call('ListObjectsV2', `list s3://${bucket}/${prefix}`, () =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix || undefined,
            ContinuationToken: token,
            MaxKeys: pageSize,
          }),
        ),
      );
      const objects = (page.Contents ?? [])
        .filter((object) => object.Key !== undefined && !object.Key.endsWith('/'))
        .map((object) => ({ key: object.Key as string, etag: unquoteEtag(object.ETag), size: object.Size ?? 0 }));
      yield objects;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /**
   * Reads an object whole unless it is larger than `maxBytes`: the declared length is checked before
   * the body is read, and the count while it is read, so an oversized object never fills memory.
   */
  read(bucket: string, key: string, maxBytes: number): Promise<ReadResult> {
    return this.timed('GetObject', () => this.readWhole(bucket, key, maxBytes));
  }

  private async readWhole(bucket: string, key: string, maxBytes: number): Promise<ReadResult> {
    let response;
    try {
      response = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      if (
        error instanceof NoSuchKey ||
        (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)
      ) {
        return { kind: 'missing' };
      }
      throw this.storeError(`get s3://${bucket}/${key}`, error);
    }
    const etag = unquoteEtag(response.ETag);
    const body = response.Body as Readable | undefined;
    const declared = response.ContentLength ?? 0;
    if (declared > maxBytes) {
      body?.destroy();
      return { kind: 'too-large', etag, size: declared };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of body ?? []) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) {
          body?.destroy();
          return { kind: 'too-large', etag, size };
        }
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      throw this.storeError(`read s3://${bucket}/${key}`, error);
    }
    return { kind: 'read', etag, bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) };
  }

  async put(bucket: string, key: string, bytes: Uint8Array, contentType = 'audio/midi'): Promise<string> {
    const response = await this.call('PutObject', `put s3://${bucket}/${key}`, () =>
      this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: contentType })),
    );
    return unquoteEtag(response.ETag);
  }

  /** Creates the bucket when it does not exist yet (the embedded store starts empty). */
  async ensureBucket(bucket: string): Promise<void> {
    const exists = await this.timed('HeadBucket', async () => {
      try {
        await this.client.send(new HeadBucketCommand({ Bucket: bucket }));
        return true;
      } catch (error) {
        if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return false;
        throw this.storeError(`head s3://${bucket}`, error);
      }
    });
    if (!exists) {
      await this.call('CreateBucket', `create s3://${bucket}`, () =>
        this.client.send(new CreateBucketCommand({ Bucket: bucket })),
      );
    }
  }

  destroy(): void {
    this.client.destroy();
  }

  /** Sends one request, timed as `operation`, its failures reported as store errors about `what`. */
  private call<T>(operation: string, what: string, send: () => Promise<T>): Promise<T> {
    return this.timed(operation, async () => {
      try {
        return await send();
      } catch (error) {
        throw this.storeError(what, error);
      }
    });
  }

  /** Runs `request` and tells the listener, if any, how it went and how long it took. */
  private async timed<T>(operation: string, request: () => Promise<T>): Promise<T> {
    const listener = this.onRequest;
    if (!listener) return request();
    const started = performance.now();
    let outcome: 'ok' | 'error' = 'error';
    try {
      const result = await request();
      outcome = 'ok';
      return result;
    } finally {
      listener(operation, outcome, (performance.now() - started) / 1000);
    }
  }

  private storeError(what: string, error: unknown): ObjectStoreError {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new ObjectStoreError(`${what} failed: ${detail}`, { cause: error });
  }
}
