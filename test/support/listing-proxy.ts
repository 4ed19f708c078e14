import { startRecordingProxy } from './recording-proxy';

export interface ListingProxy {
  readonly endpoint: string;
  /** Listing requests passed on so far (first pages and continuations). */
  listings(): number;
  close(): Promise<void>;
}

const query = (url: string) => new URL(url, 'http://proxy').searchParams;
const isListing = (url: string) => query(url).get('list-type') === '2';

/**
 * A recording proxy in front of the S3 server at `target` where `beforeContinuation` runs before each
 * request for a listing page after the first, and may stop the server to make a listing fail part-way.
 */
export async function startListingProxy(
  target: string,
  beforeContinuation: () => Promise<void>,
): Promise<ListingProxy> {
  const proxy = await startRecordingProxy(target, ({ url }) =>
    isListing(url) && query(url).has('continuation-token') ? beforeContinuation() : undefined,
  );
  return {
    endpoint: proxy.endpoint,
    listings: () => proxy.requests.filter(({ url }) => isListing(url)).length,
    close: () => proxy.close(),
  };
}
