// Snowflakes as Discord builds them (Reference › Snowflakes): ms since the Discord epoch << 22 | increment.
const DISCORD_EPOCH = 1420070400000n;

export class SnowflakeGenerator {
  private increment = 0n;
  private lastMs = 0n;

  next(): string {
    let now = BigInt(Date.now());
    if (now < this.lastMs) now = this.lastMs;
    if (now === this.lastMs) {
      this.increment = (this.increment + 1n) & 0xfffn;
      // 4096 ids in one millisecond: borrow the next millisecond so ids stay unique and increasing.
      if (this.increment === 0n) now += 1n;
    } else {
      this.increment = 0n;
    }
    this.lastMs = now;
    return (((now - DISCORD_EPOCH) << 22n) | (1n << 17n) | this.increment).toString();
  }
}

export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

export function compareSnowflakes(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
