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
}

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

  constructor(options: ObjectStoreOptions) {
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
      const page = await this.call(`list s3://${bucket}/${prefix}`, () =>
        this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token, MaxKeys: pageSize })),
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
  async read(bucket: string, key: string, maxBytes: number): Promise<ReadResult> {
    let response;
    try {
      response = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)) {
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
    const response = await this.call(`put s3://${bucket}/${key}`, () =>
      this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: contentType })),
    );
    return unquoteEtag(response.ETag);
  }

  /** Creates the bucket when it does not exist yet (the embedded store starts empty). */
  async ensureBucket(bucket: string): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: bucket }));
      return;
    } catch (error) {
      if (!(error instanceof S3ServiceException) || error.$metadata.httpStatusCode !== 404) {
        throw this.storeError(`head s3://${bucket}`, error);
      }
    }
    await this.call(`create s3://${bucket}`, () => this.client.send(new CreateBucketCommand({ Bucket: bucket })));
  }

  destroy(): void {
    this.client.destroy();
  }

  private async call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw this.storeError(what, error);
    }
  }

  private storeError(what: string, error: unknown): ObjectStoreError {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new ObjectStoreError(`${what} failed: ${detail}`, { cause: error });
  }
}
