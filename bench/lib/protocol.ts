/** Messages between the bench (parent) and its child processes over Node's IPC channel. */
export type ChildRequestBody =
  /** Count reaction events (raw: dispatch frames) from now on; send 'counted' when `n` have arrived. */
  | { cmd: 'expect'; n: number }
  /** Run the garbage collector, then report memory. */
  | { cmd: 'memory' }
  /** Bot only: persist every dirty like set now (engagement.flush). */
  | { cmd: 'flush' }
  /**
   * Answer 'settled' once the start-up work that follows ready is over (the bot: its first reconciliation; the
   * others have none), so a timed section measures event handling, not the start.
   */
  | { cmd: 'settle' }
  | { cmd: 'status' }
  | { cmd: 'stop' };

export type ChildRequest = ChildRequestBody & { id: number };

export type ChildReply =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  /** `at` is the child's Date.now() when the n-th event arrived. */
  | { type: 'counted'; n: number; at: number }
  | { type: 'memory'; id: number; rss: number; heapUsed: number }
  | { type: 'flushed'; id: number }
  | { type: 'settled'; id: number }
  /** `cpuMs`: the child's CPU time so far, user and system (process.cpuUsage), in ms. */
  | { type: 'status'; id: number; counted: number; cpuMs: number };
