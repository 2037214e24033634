/** A comment for an issue some host filed, queued where every host's monitor can send it. */
export interface SharedComment {
  /** Unique per queued op (`<host>/<op id>/<queued at>`): adding it again adds nothing. */
  readonly key: string;
  readonly fingerprint: string;
  readonly issueNumber: number;
  readonly body: string;
  /** A digest: dropped when the problem is silenced or the issue carries the `muted` label. */
  readonly digest: boolean;
}

/** An entry handed to this host to send. */
export interface SharedEntry extends SharedComment {
  /** The entry's id in the shared queue, for `done`. */
  readonly id: string;
  /**
   * True when it was handed to a host before (one that died or stalled holding it, or this
   * host before a restart): its comment may already be on GitHub, so look for it first.
   */
  readonly redelivered: boolean;
}

/**
 * Port: the outbox several hosts share (a Redis Stream with one consumer group; absent on one
 * host). A host moves each comment from its own durable outbox into it; any live host sends it;
 * an entry a host took and never finished passes, after `claimIdleMs`, to another.
 */
export interface SharedOutbox {
  /** Adds a comment once: false when its key was added before (a retry after a crash). */
  add(comment: SharedComment): Promise<boolean>;
  /**
   * Up to `count` entries for this host: first those it holds from before (a restart), then
   * those another host took and left idle past the claim time, then new ones.
   */
  take(count: number): Promise<SharedEntry[]>;
  /** The entry was sent (or dropped for good): it leaves the queue. */
  done(id: string): Promise<void>;
  /** Entries not done yet, over all hosts. */
  depth(): Promise<number>;
}

/** The hidden line a shared comment carries, so a host taking it over can tell it was sent. */
export const sharedCommentMarker = (key: string): string => `<!-- safework-op: ${key} -->`;
